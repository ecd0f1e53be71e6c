package secrets

import (
	"strings"
	"testing"
)

// FuzzClassify: any name and value are classified without a panic; every
// match lies inside the value, is not empty, does not overlap another and
// comes in order; a match is never the whole of a placeholder the filter
// knows; a redactor given each matched secret leaves none of it in the
// value; and a fingerprint never holds the secret.
func FuzzClassify(f *testing.F) {
	for _, s := range []struct{ name, value string }{
		{"password", fakePassword}, {"access_key", fakeAKID}, {"", fakeGHP + " " + fakeStripe},
		{"private_key", fakePEM}, {"user_data", "export DB_PASSWORD=" + fakePassword + "\n"},
		{"endpoint", "postgres://app:Xk29fLq7Zp@db:5432/x"}, {"value", fakeRandom}, {"access_key", "AKIAIOSFODNN7EXAMPLE"},
		{"token", "<token>"}, {"x", "-----BEGIN PRIVATE KEY-----\n-----END "}, {"a", "AKIA"}, {"k", "a:b@c"},
	} {
		f.Add(s.name, s.value)
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		ms := Classify(name, value)
		end := 0
		var r Redactor
		for _, m := range ms {
			if m.Start < end || m.Start >= m.End || m.End > len(value) {
				t.Fatalf("bad match %+v in %q (after %d)", m, value, end)
			}
			end = m.End
			secret := value[m.Start:m.End]
			if placeholderValues[strings.ToLower(strings.TrimSpace(secret))] {
				t.Fatalf("matched the placeholder %q", secret)
			}
			if len(secret) >= 8 && strings.Contains(Fingerprint(secret), secret) {
				t.Fatalf("fingerprint %q holds the secret", Fingerprint(secret))
			}
			r.Add(secret)
		}
		red := r.Redact(value)
		for _, m := range ms {
			if s := value[m.Start:m.End]; len(strings.TrimSpace(s)) >= minRedact && strings.Contains(red, s) {
				t.Fatalf("redacted %q still holds %q", red, s)
			}
		}
	})
}
