package webhook

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestNewHandlerRefuses(t *testing.T) {
	s := openSQLite(t)
	for _, c := range []struct {
		name string
		o    HandlerOptions
		want string
	}{
		{"no secret", HandlerOptions{Store: s, Repositories: []string{testRepo}}, "no secret"},
		{"empty secret", HandlerOptions{Secret: []byte{}, Store: s, Repositories: []string{testRepo}}, "no secret"},
		{"no store", HandlerOptions{Secret: testSecret, Repositories: []string{testRepo}}, "no store"},
		{"no repositories", HandlerOptions{Secret: testSecret, Store: s}, "no repositories allowed"},
		{"a repository without owner", HandlerOptions{Secret: testSecret, Store: s, Repositories: []string{"Hello-World"}}, `repository "Hello-World": want owner/name`},
		{"a URL", HandlerOptions{Secret: testSecret, Store: s, Repositories: []string{"https://github.com/Codertocat/Hello-World"}}, "want owner/name"},
		{"three parts", HandlerOptions{Secret: testSecret, Store: s, Repositories: []string{"a/b/c"}}, "want owner/name"},
		{"empty name", HandlerOptions{Secret: testSecret, Store: s, Repositories: []string{"octo-org/"}}, "want owner/name"},
		{"dot-dot", HandlerOptions{Secret: testSecret, Store: s, Repositories: []string{"octo-org/.."}}, "want owner/name"},
		{"a space", HandlerOptions{Secret: testSecret, Store: s, Repositories: []string{"octo org/infra"}}, "want owner/name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := NewHandler(c.o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("NewHandler = %v, %v; want an error containing %q", h, err, c.want)
			}
			if bytes.Contains([]byte(err.Error()), testSecret) {
				t.Errorf("the error names the secret: %v", err)
			}
		})
	}
}

// TestHandler posts real payloads, signed and not, and checks the answer,
// what is stored and what is counted.
func TestHandler(t *testing.T) {
	opened := octokit(t, "pull_request/opened.payload.json")
	planComment := prComment(t, "issue_comment/created.payload.json", "driftfix plan -p app")
	form := "payload=" + url.QueryEscape(string(opened))
	type want struct {
		status int
		body   string
		stored bool
		reason string // the rejection counted, if any
	}
	accepted := want{http.StatusAccepted, "accepted", true, ""}
	ignored := want{http.StatusOK, "ignored", false, ""}
	unsigned := want{http.StatusUnauthorized, "missing or wrong X-Hub-Signature-256", false, "signature"}
	forbidden := want{http.StatusForbidden, "repository not allowed", false, "repository"}
	badRequest := func(body string) want { return want{http.StatusBadRequest, body, false, "payload"} }
	for _, c := range []struct {
		name string
		d    delivery
		o    HandlerOptions
		want want
	}{
		{"pull request opened", delivery{event: "pull_request", payload: opened}, HandlerOptions{}, accepted},
		{"pull request synchronize", delivery{event: "pull_request", payload: octokit(t, "pull_request/synchronize.payload.json")}, HandlerOptions{}, accepted},
		{"pull request reopened", delivery{event: "pull_request", payload: octokit(t, "pull_request/reopened.payload.json")}, HandlerOptions{}, accepted},
		{"pull request closed", delivery{event: "pull_request", payload: octokit(t, "pull_request/closed.payload.json")}, HandlerOptions{}, accepted},
		{"pull request labeled", delivery{event: "pull_request", payload: octokit(t, "pull_request/labeled.payload.json")}, HandlerOptions{}, ignored},
		{"command on a pull request", delivery{event: "issue_comment", payload: planComment}, HandlerOptions{}, accepted},
		{"command through a GitHub App", delivery{event: "issue_comment", payload: prComment(t, "issue_comment/created.with-installation.payload.json", "driftfix apply")}, HandlerOptions{}, accepted},
		{"not understood, answered with help", delivery{event: "issue_comment", payload: prComment(t, "issue_comment/created.payload.json", "driftfix destroy everything")}, HandlerOptions{}, accepted},
		{"comment on an issue", delivery{event: "issue_comment", payload: octokit(t, "issue_comment/created.payload.json")}, HandlerOptions{}, ignored},
		{"command on an issue", delivery{event: "issue_comment", payload: edit(t, octokit(t, "issue_comment/created.payload.json"), func(m map[string]any) {
			m["comment"].(map[string]any)["body"] = "driftfix plan"
		})}, HandlerOptions{}, ignored},
		{"ordinary comment on a pull request", delivery{event: "issue_comment", payload: prComment(t, "issue_comment/created.payload.json", "LGTM")}, HandlerOptions{}, ignored},
		{"quoted command", delivery{event: "issue_comment", payload: prComment(t, "issue_comment/created.payload.json", "> driftfix apply\nnot yet")}, HandlerOptions{}, ignored},
		{"edited comment", delivery{event: "issue_comment", payload: prComment(t, "issue_comment/edited.payload.json", "driftfix apply")}, HandlerOptions{}, ignored},
		{"driftfix's own comment", delivery{event: "issue_comment", payload: prComment(t, "issue_comment/created.payload.json", "driftfix plan")}, HandlerOptions{BotLogin: "codertocat"}, ignored},
		{"push", delivery{event: "push", payload: octokit(t, "push/payload.json")}, HandlerOptions{}, ignored},
		{"an event nobody knows", delivery{event: "telepathy", payload: []byte(`{"repository":{"full_name":"Codertocat/Hello-World"}}`)}, HandlerOptions{}, ignored},
		{"ping", delivery{event: "ping", payload: octokit(t, "ping/payload.json")}, HandlerOptions{Repositories: []string{"Octocoders/Hello-World"}}, want{http.StatusOK, "pong", false, ""}},
		{"ping from an organization", delivery{event: "ping", payload: octokit(t, "ping/with-organization.payload.json")}, HandlerOptions{}, want{http.StatusOK, "pong", false, ""}},
		{"ping from a repository not allowed", delivery{event: "ping", payload: octokit(t, "ping/payload.json")}, HandlerOptions{}, forbidden},
		{"form-encoded", delivery{event: "pull_request", payload: []byte(form), contentType: "application/x-www-form-urlencoded"}, HandlerOptions{}, accepted},
		{"JSON with charset", delivery{event: "pull_request", payload: opened, contentType: "application/json; charset=utf-8"}, HandlerOptions{}, accepted},

		{"no signature", delivery{event: "pull_request", payload: opened, signature: "none"}, HandlerOptions{}, unsigned},
		{"wrong secret", delivery{event: "pull_request", payload: opened, signature: Sign([]byte("guess"), opened)}, HandlerOptions{}, unsigned},
		{"signature of another body", delivery{event: "pull_request", payload: opened, signature: Sign(testSecret, planComment)}, HandlerOptions{}, unsigned},
		{"signature without prefix", delivery{event: "pull_request", payload: opened, signature: strings.TrimPrefix(Sign(testSecret, opened), "sha256=")}, HandlerOptions{}, unsigned},
		{"SHA-1 prefix", delivery{event: "pull_request", payload: opened, signature: "sha1=" + strings.TrimPrefix(Sign(testSecret, opened), "sha256=")}, HandlerOptions{}, unsigned},
		{"upper-case prefix", delivery{event: "pull_request", payload: opened, signature: "SHA256=" + strings.TrimPrefix(Sign(testSecret, opened), "sha256=")}, HandlerOptions{}, unsigned},
		{"signature cut short", delivery{event: "pull_request", payload: opened, signature: Sign(testSecret, opened)[:40]}, HandlerOptions{}, unsigned},
		{"signature not hex", delivery{event: "pull_request", payload: opened, signature: "sha256=" + strings.Repeat("zz", 32)}, HandlerOptions{}, unsigned},
		{"unsigned ping", delivery{event: "ping", payload: octokit(t, "ping/with-organization.payload.json"), signature: "none"}, HandlerOptions{}, unsigned},
		{"unsigned event nobody knows", delivery{event: "telepathy", payload: []byte(`{}`), signature: "sha256=00"}, HandlerOptions{}, unsigned},
		{"secret of another server", delivery{event: "pull_request", payload: opened}, HandlerOptions{Secret: []byte("another secret")}, unsigned},

		{"repository not allowed", delivery{event: "pull_request", payload: opened}, HandlerOptions{Repositories: []string{"octo-org/infra"}}, forbidden},
		{"comment from a repository not allowed", delivery{event: "issue_comment", payload: planComment}, HandlerOptions{Repositories: []string{"octo-org/infra"}}, forbidden},
		{"allowlist in another case", delivery{event: "pull_request", payload: opened}, HandlerOptions{Repositories: []string{"codertocat/HELLO-WORLD"}}, accepted},
		{"a repository whose name only starts alike", delivery{event: "pull_request", payload: opened}, HandlerOptions{Repositories: []string{"Codertocat/Hello"}}, forbidden},
		{"no repository in the payload", delivery{event: "pull_request", payload: edit(t, opened, func(m map[string]any) { delete(m, "repository") })}, HandlerOptions{}, forbidden},

		{"no event header", delivery{payload: opened}, HandlerOptions{}, badRequest("missing X-GitHub-Event or X-GitHub-Delivery")},
		{"no delivery id", delivery{event: "pull_request", id: "none", payload: opened}, HandlerOptions{}, badRequest("missing X-GitHub-Event or X-GitHub-Delivery")},
		{"delivery id with a space", delivery{event: "pull_request", id: "a b", payload: opened}, HandlerOptions{}, badRequest("missing X-GitHub-Event or X-GitHub-Delivery")},
		{"delivery id too long", delivery{event: "pull_request", id: strings.Repeat("d", 129), payload: opened}, HandlerOptions{}, badRequest("missing X-GitHub-Event or X-GitHub-Delivery")},
		{"signed, not JSON", delivery{event: "pull_request", payload: []byte("{not json")}, HandlerOptions{}, badRequest("the payload is not a JSON object")},
		{"signed JSON array", delivery{event: "pull_request", payload: []byte("[1,2]")}, HandlerOptions{}, badRequest("the payload is not a JSON object")},
		{"form without payload", delivery{event: "pull_request", payload: []byte("other=1"), contentType: "application/x-www-form-urlencoded"}, HandlerOptions{}, badRequest("a form body without a payload field")},
		{"text body", delivery{event: "pull_request", payload: opened, contentType: "text/plain"}, HandlerOptions{}, want{http.StatusUnsupportedMediaType, "Content-Type must be application/json or application/x-www-form-urlencoded", false, "payload"}},
		{"over the limit", delivery{event: "pull_request", payload: opened}, HandlerOptions{MaxPayloadBytes: int64(len(opened)) - 1}, want{http.StatusRequestEntityTooLarge, "payload over", false, "too_large"}},
		{"at the limit", delivery{event: "pull_request", payload: opened}, HandlerOptions{MaxPayloadBytes: int64(len(opened))}, accepted},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openSQLite(t)
			cs := newCounters()
			queued := 0
			o := c.o
			o.Store, o.Counters, o.Queued = s, cs, func() { queued++ }
			h := newHandler(t, o)
			d := c.d
			switch d.id {
			case "":
				d.id = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
			case "none":
				d.id = ""
			}
			status, body := serve(h, d)
			if status != c.want.status || !strings.HasPrefix(body, c.want.body) {
				t.Errorf("answer %d %q, want %d %q", status, body, c.want.status, c.want.body)
			}
			if n := pending(t, s); n != map[bool]int{true: 1}[c.want.stored] || queued != n {
				t.Errorf("%d events stored, %d queued; want stored %v", n, queued, c.want.stored)
			}
			if c.want.stored {
				e, err := s.Event(context.Background(), 1)
				want := d.payload
				if d.contentType == "application/x-www-form-urlencoded" {
					want = opened
				}
				if err != nil || e.DeliveryID != d.id || e.Type != d.event || !bytes.Equal(e.Payload, want) {
					t.Errorf("stored %s %s (%d bytes), %v; want %s %s with the payload as received", e.DeliveryID, e.Type, len(e.Payload), err, d.id, d.event)
				}
			}
			wantReceived := map[string]int{}
			if c.want.stored {
				wantReceived[d.event] = 1
			}
			wantRejected := map[string]int{}
			if c.want.reason != "" {
				wantRejected[c.want.reason] = 1
			}
			if !equalCounts(cs.received, wantReceived) || !equalCounts(cs.rejected, wantRejected) {
				t.Errorf("counted received %v, rejected %v; want %v, %v", cs.received, cs.rejected, wantReceived, wantRejected)
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// GitHub's limit is 25 MB: a body one byte over it is refused unread.
func TestHandlerRefusesOversizePayload(t *testing.T) {
	s := openSQLite(t)
	cs := newCounters()
	h := newHandler(t, HandlerOptions{Store: s, Counters: cs})
	huge := append(bytes.Repeat([]byte(" "), MaxPayloadBytes+1-len(`{}`)), `{}`...)
	status, body := serve(h, delivery{event: "pull_request", id: "huge", payload: huge})
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "payload over 26214400 bytes") {
		t.Errorf("answer %d %q, want 413", status, body)
	}
	if n := pending(t, s); n != 0 || cs.rejected["too_large"] != 1 {
		t.Errorf("%d stored, rejections %v; want none stored, one too_large", n, cs.rejected)
	}
}

func TestHandlerRefusesOtherMethods(t *testing.T) {
	h := newHandler(t, HandlerOptions{Store: openSQLite(t)})
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodHead} {
		rec := newRecorderRequest(h, method)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != http.MethodPost {
			t.Errorf("%s: %d, Allow %q; want 405, POST", method, rec.Code, rec.Header().Get("Allow"))
		}
	}
}

// A redelivery (GitHub's "Redeliver" button, or a retry of an answer
// that got lost) is stored and dispatched once.
func TestHandlerRedelivery(t *testing.T) {
	s := openSQLite(t)
	cs := newCounters()
	rec := newRecorder()
	w := startWorkers(t, WorkerOptions{Queue: s, Dispatcher: rec, Workers: 2})
	h := newHandler(t, HandlerOptions{Store: s, Counters: cs, Queued: w.Wake})
	d := delivery{event: "pull_request", id: "0b989ba4-242f-11e5-81e1-c7b6966d2516", payload: octokit(t, "pull_request/opened.payload.json")}
	for i, want := range []struct {
		status int
		body   string
	}{{202, "accepted\n"}, {200, "duplicate\n"}, {200, "duplicate\n"}} {
		if status, body := serve(h, d); status != want.status || body != want.body {
			t.Errorf("delivery %d: %d %q, want %d %q", i+1, status, body, want.status, want.body)
		}
		if i == 0 {
			rec.waitCalls(t, 1)
		}
	}
	// Redelivered after it was done: still a duplicate.
	if status, body := serve(h, d); status != 200 || body != "duplicate\n" {
		t.Errorf("redelivery after processing: %d %q", status, body)
	}
	stopWorkers(t, w)
	if got := rec.counts(); len(got) != 1 || got[d.id] != 1 {
		t.Errorf("dispatches %v, want %s once", got, d.id)
	}
	if cs.received["pull_request"] != 1 || cs.rejected["duplicate"] != 3 {
		t.Errorf("counted received %v, rejected %v", cs.received, cs.rejected)
	}
}

// A store that cannot take the event makes the handler answer 500, so
// that GitHub shows the delivery as failed and it can be redelivered.
func TestHandlerStoreDown(t *testing.T) {
	cs := newCounters()
	h := newHandler(t, HandlerOptions{Store: failingSaver{}, Counters: cs})
	status, body := serve(h, delivery{event: "pull_request", id: "d-1", payload: octokit(t, "pull_request/opened.payload.json")})
	if status != http.StatusInternalServerError || !strings.Contains(body, "redeliver") {
		t.Errorf("answer %d %q, want 500", status, body)
	}
	if cs.rejected["store"] != 1 || len(cs.received) != 0 {
		t.Errorf("counted received %v, rejected %v", cs.received, cs.rejected)
	}
}

type failingSaver struct{}

func (failingSaver) SaveEvent(context.Context, string, string, []byte, time.Time) (bool, error) {
	return false, errors.New("database is locked")
}

func TestLoadSecret(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := dir + "/" + name
		if err := writeFile(p, content); err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Setenv("MY_HOOK_SECRET", "from-env")
	t.Setenv(DefaultSecretEnv, "from-default-env")
	t.Setenv("EMPTY_SECRET", "")
	for _, c := range []struct {
		name, env, file string
		want, err       string
	}{
		{"named variable", "MY_HOOK_SECRET", "", "from-env", ""},
		{"default variable", "", "", "from-default-env", ""},
		{"file", "", file("secret", "from-file\n"), "from-file", ""},
		{"file with CRLF", "", file("crlf", "from-file\r\n"), "from-file", ""},
		{"file without line end", "", file("bare", "  spaced  "), "  spaced  ", ""},
		{"empty file", "", file("empty", "\n"), "", "is empty"},
		{"missing file", "", dir + "/missing", "", "no such file"},
		{"empty variable", "EMPTY_SECRET", "", "", "$EMPTY_SECRET is empty or not set"},
		{"unset variable", "NO_SUCH_SECRET_VARIABLE", "", "", "$NO_SUCH_SECRET_VARIABLE is empty or not set"},
		{"both", "MY_HOOK_SECRET", file("both", "x"), "", "not both"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := LoadSecret(c.env, c.file)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("LoadSecret = %q, %v; want an error containing %q", got, err, c.err)
				}
				return
			}
			if err != nil || string(got) != c.want {
				t.Fatalf("LoadSecret = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestSign(t *testing.T) {
	// The example of GitHub's documentation ("Validating webhook
	// deliveries"): secret "It's a Secret to Everybody", body "Hello, World!".
	got := Sign([]byte("It's a Secret to Everybody"), []byte("Hello, World!"))
	const want = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if !validSignature([]byte("It's a Secret to Everybody"), []byte("Hello, World!"), want) {
		t.Error("the documented signature does not verify")
	}
}
