package webhook

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// DefaultSecretEnv is the environment variable the webhook secret is read
// from when neither a variable nor a file is named.
const DefaultSecretEnv = "DRIFTFIX_WEBHOOK_SECRET"

// LoadSecret reads the webhook secret from file, or, when file is "", from
// the environment variable env ("" = DefaultSecretEnv). A file's trailing
// line end is not part of the secret. An empty secret is an error: the
// server must not start without one. Errors name the variable or the
// file, never the secret.
func LoadSecret(env, file string) ([]byte, error) {
	if file != "" {
		if env != "" {
			return nil, errors.New("webhook secret: give an environment variable or a file, not both")
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("webhook secret: %w", err)
		}
		secret := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
		if secret == "" {
			return nil, fmt.Errorf("webhook secret: %s is empty", file)
		}
		return []byte(secret), nil
	}
	if env == "" {
		env = DefaultSecretEnv
	}
	secret := os.Getenv(env)
	if secret == "" {
		return nil, fmt.Errorf("webhook secret: $%s is empty or not set; driftfix serve does not take webhooks without a secret", env)
	}
	return []byte(secret), nil
}
