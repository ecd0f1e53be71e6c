package secrets

import (
	"strings"
	"testing"
)

// Fake, format-valid credentials: random characters in each format's shape,
// never issued by anyone.
const (
	fakeAKID      = "AKIA454ML6LG4TJFCZ4K"
	fakeASIA      = "ASIAAEDCMPB5U4MOS7AF"
	fakeAWSSecret = "caBAg8WY1jzIRlNQb0prFmbh7+wy5yq1XoY1BaIM"
	fakeGHP       = "ghp_ggcG9qpVTzqA05MFsHl7UeioEJP2NNern66n"
	fakePAT       = "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"
	fakeGitLab    = "glpat-Ebo9ShFXNQ6Fq5axtjRN"
	fakeSlack     = "xoxb-382577356436-3363953227501-8r0khCEr7n1AyOHFRuT11NCu"
	fakeHook      = "https://hooks.slack.com/services/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"
	fakeStripe    = "sk_live_lorXwIS8HGNWkz2YS5ofA75U"
	fakeGoogle    = "AIzaBFXlNPHcSke4R1J_dBi2ewQr8t4-lC4LvGN"
	fakeNPM       = "npm_Qy9235Nnt2j9IHrKFmAIhGaMybIcH6zIZKhF"
	fakeSendGrid  = "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"
	fakeJWT       = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtY2kiLCJpYXQiOjE3MDAwMDAwMDB9.bTgDIMRBZxjX_BpYconEG4ZgzWbmHGJR1m4jfXuX8v_"
	fakeRandom    = "xOOyBymrEqlHXm31qzZcmzTUoRyj9nde9syxoAwuKmhr7jmP"
	fakePassword  = "Zyvm^bPkZy%RHJouZrQV"
	fakePEM       = `-----BEGIN RSA PRIVATE KEY-----
MIIEW8uw8de9puyHB9d3xvE/pg3mKBxfeN4/YYsakj8DuzdoRy7q3sRjKMPMEiOe
nnEgIQD43wE1xjf1+yrfKkpQ9jKK4K2gNC7w97Ay9/fkYkwFXGoq7yVDEFRN0ZqW
AJittVYQT1rRTnuyUC97eLQtDkH58AXzv1vYZwSMyWtdYJTXAnMLtS6f9PQyHsE+
-----END RSA PRIVATE KEY-----`
)

func TestClassifyFinds(t *testing.T) {
	tests := []struct {
		name, attr, value string
		kind              Kind
		secret            string // the matched bytes ("" = the whole value)
	}{
		{"access key id in a provider", "access_key", fakeAKID, AWSAccessKeyID, ""},
		{"session key id anywhere", "notes_for_ops", "key " + fakeASIA + " rotated", AWSAccessKeyID, fakeASIA},
		{"secret key by name", "secret_key", fakeAWSSecret, AWSSecretKey, ""},
		{"secret key by env name", "AWS_SECRET_ACCESS_KEY", fakeAWSSecret, AWSSecretKey, ""},
		{"GitHub token", "token", fakeGHP, GitHubToken, ""},
		{"GitHub fine-grained token", "", fakePAT, GitHubToken, ""},
		{"GitLab token", "value", fakeGitLab, GitLabToken, ""},
		{"Slack bot token", "slack", fakeSlack, SlackToken, ""},
		{"Slack webhook", "url", fakeHook, SlackWebhook, ""},
		{"Stripe live key", "value", fakeStripe, StripeKey, ""},
		{"Google API key", "key", fakeGoogle, GoogleAPIKey, ""},
		{"npm token", "", fakeNPM, NPMToken, ""},
		{"SendGrid key", "", fakeSendGrid, SendGridKey, ""},
		{"JWT", "bearer", fakeJWT, JWT, ""},
		{"token inside a larger string", "header", "Bearer " + fakeGHP, GitHubToken, fakeGHP},
		{"private key", "private_key", fakePEM, PrivateKey, ""},
		{"private key in JSON with escaped line ends", "credentials", `{"private_key": "` + strings.ReplaceAll(fakePEM, "\n", `\n`) + `"}`, PrivateKey, strings.ReplaceAll(fakePEM, "\n", `\n`)},
		{"RDS password", "password", fakePassword, Password, ""},
		{"master password", "master_password", "Wint3r-Is-C0ming-77", Password, ""},
		{"camelCase name", "dbPassword", fakePassword, Password, ""},
		{"env var name", "DB_PASSWORD", fakePassword, Password, ""},
		{"client secret", "client_secret", "Qw8rT2yU6iO0pA4sD", Password, ""},
		{"api key pair", "api_key", "k7Hq2Lm9Xz4Vb8Nc", Password, ""},
		{"auth token", "auth_token", "redis-auth-9f8e7d6c5b", Password, ""},
		{"password in a URL", "endpoint", "postgres://app:Xk29fLq7Zp@db.internal:5432/orders", URLPassword, "Xk29fLq7Zp"},
		{"password in a script", "user_data", "#!/bin/sh\nexport DB_PASSWORD=" + fakePassword + "\n./start\n", Password, fakePassword},
		{"password in a connection string", "connection", "Server=db;User Id=app;Password=Lp0-x8Qz7Wv;", Password, "Lp0-x8Qz7Wv"},
		{"random key under a neutral name", "value", fakeRandom, HighEntropy, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Classify(tt.attr, tt.value)
			if len(ms) != 1 {
				t.Fatalf("Classify(%q) = %+v, want one %s", tt.attr, ms, tt.kind)
			}
			m := ms[0]
			if m.Kind != tt.kind {
				t.Errorf("kind %s, want %s", m.Kind, tt.kind)
			}
			want := tt.secret
			if want == "" {
				want = tt.value
				if !m.Whole(tt.value) {
					t.Errorf("match %d:%d is not the whole value", m.Start, m.End)
				}
			}
			if got := tt.value[m.Start:m.End]; got != want {
				t.Errorf("matched %q, want %q", got, want)
			}
		})
	}
}

func TestClassifyLookAlikes(t *testing.T) {
	tests := []struct{ name, attr, value string }{
		{"AWS's documented example key ID", "access_key", "AKIAIOSFODNN7EXAMPLE"},
		{"AWS's documented example secret key", "secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		{"masked key ID", "access_key", "AKIAXXXXXXXXXXXXXXXX"},
		{"a placeholder password", "password", "changeme"},
		{"a placeholder to replace", "password", "REPLACE_WITH_REAL_PASSWORD"},
		{"angle-bracket placeholder", "token", "<your-github-token>"},
		{"a dummy token", "token", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
		{"tutorial password", "password", "Password123"},
		{"an environment variable reference", "password", "$DB_PASSWORD"},
		{"a template", "password", "{{ .Values.db.password }}"},
		{"an SSM parameter path", "password", "/prod/orders/db/password"},
		{"a Secrets Manager ARN", "secret", "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf"},
		{"a bcrypt hash", "password", "$2y$10$u7bV1d3k2y9lQ0ZrXbYfUeQjv6h4pQ3lV8wqK2mN0sT5rD1aZ9cGe"},
		{"a sha256 hex digest", "password", "5e884898da28047151d0e56f8dc2970a2b4b8b5f3b5f1f6f2b2e2c7a1d0e8f9a"},
		{"an md5 hex digest", "token", "5f4dcc3b5aa765d61d8327deb882cf99"},
		{"a digest under a hash name", "source_code_hash", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="},
		{"a UUID outside a secret name", "kms_key_id", "1234abcd-12ab-34cd-56ef-1234567890ab"},
		{"a UUID as an external ID", "external_id", "6f1c2b7e-3a94-4e0d-9b58-2c7f1e8a4d33"},
		{"a name about a secret", "secret_arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"},
		{"password length", "password_length", "24"},
		{"IMDS tokens", "http_tokens", "required"},
		{"an EFS creation token", "creation_token", "orders-efs-2024"},
		{"an enum under a token name", "auth_token_update_strategy", "ROTATE"},
		{"an identifier of words", "name", "MyServiceProductionCluster2024x"},
		{"an AMI ID", "ami", "ami-0c55b159cbfafe1f0"},
		{"a subnet ID", "subnet_id", "subnet-0a1b2c3d4e5f67890"},
		{"an account ID under a token name", "token", "123456789012"},
		{"a public SSH key", "public_key", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7Xk9Lq2mZ8vN4pR6tY1wE3sD5fG7hJ9kL0zX2cV4bN6mQ8 deploy@ci"},
		{"a URL without a password", "endpoint", "https://api.example.org/v1/items?limit=10"},
		{"a URL whose password is a reference", "endpoint", "postgres://app:$DB_PASSWORD@db:5432/orders"},
		{"prose under a password name", "password", "set in the console by the DBA"},
		{"a description mentioning a password", "description", "password: rotate-every-90-days"},
		{"base64 of a script", "user_data_base64", "IyEvYmluL2Jhc2gKZWNobyAiaGVsbG8gd29ybGQiCnl1bSBpbnN0YWxsIC15IG5naW54Cg=="},
		{"a certificate", "certificate_body", "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\nRTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD\n-----END CERTIFICATE-----"},
		{"a private key placeholder", "private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----"},
		{"sops-encrypted", "password", "ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]"},
		{"empty", "password", ""},
		{"a boolean", "password", "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ms := Classify(tt.attr, tt.value); len(ms) > 0 {
				t.Errorf("Classify(%q, …) = %s at %d:%d, want nothing", tt.attr, ms[0].Kind, ms[0].Start, ms[0].End)
			}
		})
	}
}

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "master_password": true, "db_pass": true, "passphrase": true, "client_secret": true,
		"secret_string": true, "auth_token": true, "api_key": true, "apiKey": true, "private_key": true,
		"private_key_pem": true, "access_key": true, "secret_key": true, "DB_PASSWORD": true, "slackToken": true,
		"password_length": false, "secret_arn": false, "secret_id": false, "kms_key_id": false, "public_key": false,
		"token_validity_units": false, "http_tokens": false, "creation_token": false, "manage_master_user_password": false,
		"username": false, "key": false, "secretsmanager": false, "password_reset_required": false, "description": false,
	} {
		if got := SecretName(name); got != want {
			t.Errorf("SecretName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestFingerprintNeverTheValue(t *testing.T) {
	fp := Fingerprint(fakeGHP)
	if !strings.HasPrefix(fp, "sha256:") || len(fp) != len("sha256:")+FingerprintLength {
		t.Errorf("fingerprint %q", fp)
	}
	if strings.Contains(fp, fakeGHP[4:12]) {
		t.Errorf("fingerprint %q shows the value", fp)
	}
	if Fingerprint(fakeGHP) != fp || Fingerprint(fakeGHP+"x") == fp {
		t.Error("fingerprint is not a function of the value")
	}
	if got := MaskKeyID(fakeAKID); got != "AKIA…CZ4K" {
		t.Errorf("MaskKeyID = %q", got)
	}
}

func TestRedactor(t *testing.T) {
	var r Redactor
	if r.Redact("x") != "x" || !r.Empty() {
		t.Fatal("zero redactor changed text")
	}
	r.Add(fakePassword, `Zyvm^bPkZy%RHJouZrQV`)
	r.Add(fakePEM)
	diff := "-  password = \"" + fakePassword + "\"\n+  password = var.db_password\n" +
		"-" + strings.ReplaceAll(fakePEM, "\n", "\n-") + "\n"
	got := r.Redact(diff)
	if strings.Contains(got, fakePassword) || strings.Contains(got, "nnEgIQD43wE1xjf1") {
		t.Errorf("redacted text still holds a secret:\n%s", got)
	}
	if !strings.Contains(got, "(redacted "+Fingerprint(fakePassword)+")") || !strings.Contains(got, "var.db_password") {
		t.Errorf("redacted text:\n%s", got)
	}
}
