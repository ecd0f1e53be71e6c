package github

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
)

// tokenSource hands out the token for the next request, and every secret
// it holds so that errors can be scrubbed of them.
type tokenSource interface {
	token(ctx context.Context) (string, error)
	secrets() []string
}

// staticToken is a token read once from the environment or a file.
type staticToken string

func (t staticToken) token(context.Context) (string, error) { return string(t), nil }
func (t staticToken) secrets() []string                     { return []string{string(t)} }

// tokenFromEnv reads the token in the environment variable name; errors
// name the variable, never its value.
func tokenFromEnv(name string) (tokenSource, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return nil, fmt.Errorf("github: the environment variable %s holding the token is empty or unset", name)
	}
	return staticToken(v), nil
}

// tokenFromFile reads the token in a file; errors name the file, never
// what it holds.
func tokenFromFile(path string) (tokenSource, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("github: reading the token file: %w", err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return nil, fmt.Errorf("github: the token file %s is empty", path)
	}
	return staticToken(v), nil
}

// authTransport puts the token in each request's Authorization header.
type authTransport struct {
	base http.RoundTripper
	src  tokenSource
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := t.src.token(req.Context())
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+tok)
	return t.base.RoundTrip(req)
}

// scrub replaces every secret in s.
func scrub(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return s
}
