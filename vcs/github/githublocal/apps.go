package githublocal

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// app is a registered GitHub App.
type app struct {
	slug   string
	key    *rsa.PublicKey
	issued int
}

// installationTokenTTL is how long GitHub's installation tokens last.
const installationTokenTTL = time.Hour

// AddApp registers a GitHub App by id with the public half of its private
// key; the JWTs it signs are verified against it.
func (s *Server) AddApp(id int64, slug string, key *rsa.PublicKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[id] = &app{slug: slug, key: key}
}

// AddInstallation installs an app (on every repository).
func (s *Server) AddInstallation(installationID, appID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.installations[installationID] = appID
}

// InstallationTokensIssued says how many installation tokens an app got.
func (s *Server) InstallationTokensIssued(appID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.apps[appID]; ok {
		return a.issued
	}
	return 0
}

// createInstallationToken is POST /app/installations/{id}/access_tokens,
// authenticated by the app's JWT.
func (s *Server) createInstallationToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	appID, msg := s.verifyJWT(r.Header.Get("Authorization"))
	if msg != "" {
		writeError(w, http.StatusUnauthorized, msg)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || s.installations[id] != appID {
		notFound(w)
		return
	}
	if r.ContentLength != 0 {
		var opts map[string]any
		if !decodeBody(w, r, &opts) {
			return
		}
	}
	a := s.apps[appID]
	a.issued++
	token := "ghs_" + rand.Text()
	expires := s.now().Add(installationTokenTTL)
	s.tokens[token] = credential{login: a.slug + "[bot]", expires: expires}
	writeJSON(w, http.StatusCreated, installationTokenJSON{
		Token: token, ExpiresAt: timestamp(expires), RepositorySelection: "all",
		Permissions: map[string]string{"contents": "write", "pull_requests": "write", "issues": "write", "statuses": "write"},
	})
}

// undecodable is GitHub's answer to a JWT it cannot use.
const undecodable = "A JSON web token could not be decoded"

// verifyJWT checks an app's "Bearer <jwt>": RS256, signed by a registered
// app's key (iss), issued no later than a minute from now, expiring in the
// future and at most ten minutes out. It returns the app id, or GitHub's
// message for a token it refuses.
func (s *Server) verifyJWT(header string) (int64, string) {
	scheme, token, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "bearer") {
		return 0, undecodable
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return 0, undecodable
	}
	var head struct {
		Alg string `json:"alg"`
	}
	var claims struct {
		Iss json.RawMessage `json:"iss"`
		Iat int64           `json:"iat"`
		Exp int64           `json:"exp"`
	}
	if decodeSegment(parts[0], &head) != nil || decodeSegment(parts[1], &claims) != nil || head.Alg != "RS256" {
		return 0, undecodable
	}
	iss := strings.Trim(string(claims.Iss), `"`)
	appID, err := strconv.ParseInt(iss, 10, 64)
	a, ok := s.apps[appID]
	if err != nil || !ok {
		return 0, undecodable
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return 0, undecodable
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(a.key, crypto.SHA256, sum[:], sig) != nil {
		return 0, undecodable
	}
	now := s.now().Unix()
	switch {
	case claims.Exp <= now:
		return 0, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
	case claims.Exp > now+600+60:
		return 0, "'Expiration time' claim ('exp') is too far in the future"
	case claims.Iat > now+60:
		return 0, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
	}
	return appID, ""
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
