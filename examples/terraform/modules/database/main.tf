variable "name" { type = string }
variable "multi_az" { type = bool }
variable "retention_days" {
  type    = number
  default = 7
}
variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_db_instance" "this" {
  identifier              = var.name
  engine                  = "postgres"
  instance_class          = "db.r6g.large"
  allocated_storage       = 100
  multi_az                = var.multi_az
  backup_retention_period = var.retention_days
  tags                    = var.tags
}

resource "aws_db_instance_automated_backups_replication" "this" {
  source_db_instance_arn = aws_db_instance.this.arn
}
