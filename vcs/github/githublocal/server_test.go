package githublocal_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/driftfix/driftfix/vcs/github/githublocal"
)

const token = "ghp_localtest"

// call is one raw request and what GitHub answers to it.
type call struct {
	method, path, body string
	auth               string // "" sends the known token; "-" none
	status             int
	// json holds pieces the answer's JSON must contain, compact form.
	json []string
	// header holds header values the answer must contain.
	header map[string]string
}

func TestWire(t *testing.T) {
	srv := githublocal.New()
	srv.SetClock(func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) })
	srv.AddToken(token, "octocat")
	srv.AddRepo("acme", "infra", "main")
	for _, b := range []string{"b1", "b2", "b3"} {
		srv.SetBranch("acme", "infra", b, strings.Repeat(b[1:], 40))
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	long := strings.Repeat("x", 65537)
	calls := []struct {
		name string
		call
	}{
		{"no credentials", call{method: "GET", path: "/repos/acme/infra/pulls", auth: "-", status: 401,
			json: []string{`"message":"Requires authentication"`, `"status":"401"`, `"documentation_url":"https://docs.github.com/rest"`}}},
		{"bad credentials", call{method: "GET", path: "/repos/acme/infra/pulls", auth: "Bearer nope", status: 401, json: []string{`"message":"Bad credentials"`}}},
		{"the token scheme", call{method: "GET", path: "/repos/acme/infra/pulls", auth: "token " + token, status: 200, json: []string{`[]`}}},
		{"unknown repository", call{method: "GET", path: "/repos/acme/nope/pulls", status: 404, json: []string{`"message":"Not Found"`}}},
		{"unknown route", call{method: "GET", path: "/repos/acme/infra/hooks", status: 404, json: []string{`"message":"Not Found"`}}},
		{"wrong method", call{method: "PUT", path: "/repos/acme/infra/pulls", status: 404}},
		{"not JSON", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{`, status: 400, json: []string{`"message":"Problems parsing JSON"`}}},
		{"missing title", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{"head":"b1","base":"main"}`, status: 422,
			json: []string{`"message":"Validation Failed"`, `"errors":[{"resource":"PullRequest","field":"title","code":"missing_field"}]`}}},
		{"unknown head", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{"title":"t","head":"zz","base":"main"}`, status: 422,
			json: []string{`{"resource":"PullRequest","field":"head","code":"invalid"}`}}},
		{"too long", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{"title":"t","head":"b1","base":"main","body":"` + long + `"}`, status: 422,
			json: []string{`"message":"body is too long (maximum is 65536 characters)"`}}},
		{"open", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{"title":"t","head":"acme:b1","base":"main","body":"hi"}`, status: 201,
			json: []string{`"number":1`, `"state":"open"`, `"mergeable":null`, `"mergeable_state":"unknown"`, `"head":{"label":"acme:b1","ref":"b1","sha":"1111111111111111111111111111111111111111"`,
				`"html_url":"` + hs.URL + `/acme/infra/pull/1"`, `"user":{"login":"octocat"`},
			header: map[string]string{"Location": hs.URL + "/repos/acme/infra/pulls/1"}}},
		{"a duplicate", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{"title":"t","head":"b1","base":"main"}`, status: 422,
			json: []string{`"message":"A pull request already exists for acme:b1."`}}},
		{"open two more", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{"title":"t","head":"b2","base":"main"}`, status: 201}},
		{"and a third", call{method: "POST", path: "/repos/acme/infra/pulls", body: `{"title":"t","head":"b3","base":"main"}`, status: 201}},
		{"mergeability on the first read: still null", call{method: "GET", path: "/repos/acme/infra/pulls/1", status: 200, json: []string{`"mergeable":null`}}},
		{"then computed", call{method: "GET", path: "/repos/acme/infra/pulls/1", status: 200, json: []string{`"mergeable":true`, `"mergeable_state":"clean"`, `"merged":false`}}},
		{"a page in the middle", call{method: "GET", path: "/repos/acme/infra/pulls?per_page=1&page=2", status: 200, json: []string{`"number":2`},
			header: map[string]string{"Link": `<` + hs.URL + `/repos/acme/infra/pulls?page=3&per_page=1>; rel="next", <` + hs.URL + `/repos/acme/infra/pulls?page=3&per_page=1>; rel="last", <` +
				hs.URL + `/repos/acme/infra/pulls?page=1&per_page=1>; rel="first", <` + hs.URL + `/repos/acme/infra/pulls?page=1&per_page=1>; rel="prev"`}}},
		{"filtered by head", call{method: "GET", path: "/repos/acme/infra/pulls?head=acme:b2", status: 200, json: []string{`"number":2`}}},
		{"Enterprise root and its links", call{method: "GET", path: "/api/v3/repos/acme/infra/pulls?per_page=2", status: 200, json: []string{`"url":"` + hs.URL + `/api/v3/repos/acme/infra/pulls/3"`},
			header: map[string]string{"Link": `<` + hs.URL + `/api/v3/repos/acme/infra/pulls?page=2&per_page=2>; rel="next", <` + hs.URL + `/api/v3/repos/acme/infra/pulls?page=2&per_page=2>; rel="last"`}}},
		{"labels as a list", call{method: "POST", path: "/repos/acme/infra/issues/1/labels", body: `["driftfix"]`, status: 200, json: []string{`"name":"driftfix"`, `"color":"ededed"`}}},
		{"labels as an object", call{method: "POST", path: "/repos/acme/infra/issues/1/labels", body: `{"labels":["security","driftfix"]}`, status: 200,
			json: []string{`"name":"driftfix"`, `"name":"security"`}}},
		{"comment", call{method: "POST", path: "/repos/acme/infra/issues/1/comments", body: `{"body":"hello"}`, status: 201, json: []string{`"body":"hello"`, `"html_url":"` + hs.URL + `/acme/infra/pull/1#issuecomment-`}}},
		{"empty comment", call{method: "POST", path: "/repos/acme/infra/issues/1/comments", body: `{"body":""}`, status: 422, json: []string{`"code":"missing_field"`}}},
		{"comments on a missing issue", call{method: "GET", path: "/repos/acme/infra/issues/9/comments", status: 404}},
		{"edit a missing comment", call{method: "PATCH", path: "/repos/acme/infra/issues/comments/999", body: `{"body":"x"}`, status: 404}},
		{"status on an unknown commit", call{method: "POST", path: "/repos/acme/infra/statuses/" + strings.Repeat("f", 40), body: `{"state":"success"}`, status: 422,
			json: []string{`"message":"No commit found for SHA: ffffffffffffffffffffffffffffffffffffffff"`}}},
		{"status with a bad state", call{method: "POST", path: "/repos/acme/infra/statuses/" + strings.Repeat("1", 40), body: `{"state":"done"}`, status: 422,
			json: []string{`"message":"state is not included in the list"`}}},
		{"status", call{method: "POST", path: "/repos/acme/infra/statuses/" + strings.Repeat("1", 40), body: `{"state":"success","context":"ci"}`, status: 201,
			json: []string{`"state":"success"`, `"context":"ci"`, `"description":null`, `"creator":{"login":"octocat"`}}},
		{"close", call{method: "PATCH", path: "/repos/acme/infra/pulls/1", body: `{"state":"closed"}`, status: 200, json: []string{`"state":"closed"`, `"closed_at":"2026-05-01T12:00:00Z"`}}},
		{"an app token without a JWT", call{method: "POST", path: "/app/installations/1/access_tokens", status: 401, json: []string{`"message":"A JSON web token could not be decoded"`}}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, hs.URL+c.path, strings.NewReader(c.body))
			switch c.auth {
			case "":
				req.Header.Set("Authorization", "Bearer "+token)
			case "-":
			default:
				req.Header.Set("Authorization", c.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, b)
			}
			if len(b) > 0 && !json.Valid(b) {
				t.Fatalf("answer is not JSON: %s", b)
			}
			for _, w := range c.json {
				if !strings.Contains(string(b), w) {
					t.Errorf("answer lacks %s:\n%s", w, b)
				}
			}
			for k, v := range c.header {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if resp.Header.Get("X-RateLimit-Limit") == "" {
				t.Error("no rate-limit headers")
			}
		})
	}
}

func TestFaultsMatch(t *testing.T) {
	srv := githublocal.New()
	srv.AddToken(token, "octocat")
	srv.AddRepo("acme", "infra", "main")
	hs := httptest.NewServer(srv)
	defer hs.Close()
	f := githublocal.TooManyRequests(7 * time.Second)
	f.Match = "POST /repos/acme/infra/statuses/"
	srv.FailNext(f)
	get := func(method, path string) *http.Response {
		req, _ := http.NewRequest(method, hs.URL+path, strings.NewReader(`{"state":"pending"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := get("GET", "/repos/acme/infra/pulls"); r.StatusCode != 200 {
		t.Errorf("an unmatched request got %d", r.StatusCode)
	}
	r := get("POST", "/repos/acme/infra/statuses/abc")
	if r.StatusCode != 429 || r.Header.Get("Retry-After") != "7" {
		t.Errorf("the matched request got %d, Retry-After %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if r := get("POST", "/repos/acme/infra/statuses/abc"); r.StatusCode != 422 {
		t.Errorf("the fault was served twice: %d", r.StatusCode)
	}
	if got := srv.Requests(); len(got) != 3 || got[1] != "POST /repos/acme/infra/statuses/abc" {
		t.Errorf("requests = %q", got)
	}
}
