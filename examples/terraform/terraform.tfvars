# Someone turned the standby off to save money.
orders_multi_az = false
