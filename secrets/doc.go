// Package secrets decides whether a string is a credential: an AWS access
// key, a private key, a token of a well-known format, a password written as
// a literal, or a high-entropy string that looks like a key. It knows
// nothing of Terraform: callers hand it a value and the name it is bound to
// (an attribute, an object key, an environment variable), and it answers
// with what it found and where in the value.
//
// Detection is three layers, each tuned for a low false-positive rate:
//
//   - formats: AWS access key IDs (AKIA…, ASIA…), PEM private keys, GitHub,
//     GitLab, Slack, Stripe, Google, npm and SendGrid tokens, JWTs, Slack
//     webhook URLs and passwords in URLs (scheme://user:password@host);
//   - names: a literal bound to a password-, secret-, token- or
//     private-key-like name (password, master_password, auth_token,
//     client_secret, api_key, DB_PASSWORD, …), inside text too (an
//     `export DB_PASSWORD=…` line of a user_data script);
//   - entropy: a run of 24 or more key-like characters with upper case,
//     lower case and digits whose Shannon entropy is close to that of
//     random text, under a name that is not a hash, an ID or a signature.
//
// Placeholders are not secrets: AWS's documented example keys
// (AKIAIOSFODNN7EXAMPLE), values that say they are examples or are to be
// replaced (changeme, <token>, xxxx, REPLACE_ME), references written as
// text ($DB_PASSWORD, {{ .token }}, arn:…, ssm:…), hashes (hex digests,
// bcrypt and crypt strings), UUIDs outside secret names, public keys and
// certificates.
//
// A finding is identified by Fingerprint, a prefix of the value's SHA-256,
// never by the value. Redactor masks known values in text that is about to
// be shown (a diff).
package secrets
