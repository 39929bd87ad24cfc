# The shop's AWS estate. The orders database is tier 1 (customer facing); its module call
# passes the settings that decide whether it survives a zone outage.

variable "environment" {
  type    = string
  default = "production"
}

locals {
  tier1 = { "reslint.io/tier" = "1", environment = var.environment }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = "vpc-0a1b2c3d"
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
}

module "orders_db" {
  source         = "./modules/database"
  name           = "orders"
  multi_az       = var.orders_multi_az
  retention_days = 3
  tags           = local.tier1
}

resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0a1b2c3d"
  health_check {
    path = "/healthz"
  }
  tags = local.tier1
}

resource "aws_autoscaling_group" "web" {
  name                = "web"
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = aws_subnet.private[*].id
  target_group_arns   = [aws_lb_target_group.web.arn]
  health_check_type   = "EC2"
  tags = [{ key = "reslint.io/tier", value = "1", propagate_at_launch = true }]
}

resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
  tags = { "reslint.io/tier" = "2" }
}
