variable "orders_multi_az" {
  description = "Keep a standby of the orders database in a second zone."
  type        = bool
  default     = true
}
