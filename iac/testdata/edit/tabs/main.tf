resource "aws_s3_bucket" "logs" {
	bucket = "acme-logs"

	versioning {
		enabled = false
	}
}

resource "aws_kms_key" "k" {
	description = "k"
	# rotation off for now
	enable_key_rotation = false
}

resource "aws_sqs_queue" "q" {
	name = "q"
}