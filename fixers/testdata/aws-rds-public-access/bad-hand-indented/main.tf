# driftfix:ignore:aws-rds-public-access:exp:2020-01-01
resource "aws_db_instance" "demo" {
	identifier = "demo"
	engine = "mysql"
	publicly_accessible = "true"
	tags = {
		purpose = "demo"
	}
}

resource "aws_db_instance" "regional" {
    for_each = toset(["eu", "us"])
    identifier = "regional-${each.key}"
    engine = "postgres"
    publicly_accessible = true
}
