resource "aws_s3_bucket" "site" {
    bucket = "acme-site"
    acl = "public-read"   # the marketing site
    website {
        index_document = "index.html"
    }
}
