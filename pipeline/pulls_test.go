package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/driftfix/driftfix/store"
	"github.com/driftfix/driftfix/vcs/github"
	"github.com/driftfix/driftfix/vcs/github/githublocal"
	"github.com/driftfix/driftfix/webhook"
)

// The repository of the octokit examples, which the pull-request tests
// play: its payloads need the fewest edits.
const (
	prOwner = "Codertocat"
	prRepo  = "Hello-World"
)

// prWorld is a repository with a bare remote on disk, the same repository
// on a local GitHub endpoint, and `driftfix serve` answering its webhooks.
type prWorld struct {
	t       *testing.T
	tmp     string
	remote  string
	seed    string
	gh      *githublocal.Server
	api     *httptest.Server
	addr    string
	cfgPath string
	db      string
	state   string // ledger's Terraform state, outside every checkout
	logs    *syncBuffer
	secret  []byte
	users   map[string]*github.Client
	nextID  int
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// ledger's code: a terraform_data whose input comes through a local module.
const (
	ledgerMain = `terraform {
  backend "local" {}
}

module "label" {
  source = "../modules/label"
  name   = "ledger"
}

resource "terraform_data" "release" {
  input = "v1-${module.label.id}"
}
`
	labelModule = `variable "name" {
  type = string
}

output "id" {
  value = "acme-${var.name}"
}
`
)

func newPRWorld(t *testing.T) *prWorld {
	t.Helper()
	bin := testenv.Terraform(t)
	t.Setenv("PATH", filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(t.TempDir(), "none.tfrc")) // offline, as CI is
	t.Setenv("DRIFTFIX_TEST_GH_TOKEN", "ghp_driftfixbottoken")
	w := &prWorld{t: t, tmp: t.TempDir(), logs: &syncBuffer{}, secret: []byte("a webhook secret only the tests know"), users: map[string]*github.Client{}}
	t.Setenv("DRIFTFIX_WEBHOOK_SECRET", string(w.secret))
	w.remote = filepath.Join(w.tmp, "infra.git")
	w.seed = filepath.Join(w.tmp, "seed")
	w.state = filepath.Join(w.tmp, "state", "ledger.tfstate")
	runGit(t, w.tmp, "init", "-q", "--bare", "-b", "main", w.remote)
	runGit(t, w.tmp, "clone", "-q", w.remote, w.seed)
	writeFile(t, filepath.Join(w.seed, "ledger", "main.tf"), ledgerMain)
	writeFile(t, filepath.Join(w.seed, "modules", "label", "main.tf"), labelModule)
	writeFile(t, filepath.Join(w.seed, "estate", "main.tf"), "# the logs bucket\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n")
	writeFile(t, filepath.Join(w.seed, "README.md"), "infra\n")
	runGit(t, w.seed, "add", "-A")
	w.git("commit", "-q", "-m", "init")
	runGit(t, w.seed, "push", "-q", "origin", "main")

	w.gh = githublocal.New()
	w.gh.AddToken("ghp_driftfixbottoken", "driftfix-bot")
	w.gh.AddRepo(prOwner, prRepo, "main")
	w.syncBranches()
	// GitHub is the remote: it knows every branch pushed before a pull
	// request names it
	w.api = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/pulls") {
			w.syncBranches()
		}
		w.gh.ServeHTTP(rw, r)
	}))
	t.Cleanup(w.api.Close)

	local := filepath.Join(w.tmp, "server")
	w.cfgPath = filepath.Join(local, "driftfix.hcl")
	w.db = filepath.Join(w.tmp, "driftfix.db")
	writeFile(t, w.cfgPath, `repository {
  url            = "`+w.remote+`"
  author_email   = "driftfix@example.test"
  github         = "`+prOwner+`/`+prRepo+`"
  github_api_url = "`+w.api.URL+`"
  token_env      = "DRIFTFIX_TEST_GH_TOKEN"
}
webhooks {
  bot_login          = "driftfix-bot"
  approvers          = ["carol"]
  apply_requirements = ["approved", "mergeable"]
}
project "ledger" {
  dir               = "ledger"
  environment       = "dev"
  terraform_version = "1.5.7"
  backend_config    = { path = "`+w.state+`" }
}
project "estate" {
  dir         = "estate"
  environment = "dev"
}
class "test-input" {
  risk      = "low"
  resources = ["terraform_data"]
  paths     = ["input"]
}
policy "dev" {
  auto_apply = ["test-input"]
}
rules {
  enable_only = ["aws-s3-versioning"]
}
`)
	return w
}

func (w *prWorld) git(args ...string) string {
	return runGit(w.t, w.seed, append([]string{"-c", "user.name=dev", "-c", "user.email=dev@example.test"}, args...)...)
}

// syncBranches tells the GitHub endpoint the remote's branches.
func (w *prWorld) syncBranches() {
	out := strings.TrimSpace(runGit(w.t, w.tmp, "--git-dir", w.remote, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads"))
	for _, line := range strings.Split(out, "\n") {
		if branch, sha, ok := strings.Cut(line, " "); ok {
			w.gh.SetBranch(prOwner, prRepo, branch, sha)
		}
	}
}

// serve starts `driftfix serve` and stops it when the test ends.
func (w *prWorld) serve() {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ServeRequest{
			ConfigFile: w.cfgPath, Database: w.db, Listen: "127.0.0.1:0", Cloud: CloudOptions{Skip: true},
			Replica: "test", Ready: func(addr string) { ready <- addr },
			TerraformOutput: w.logs, Logger: testLogger(w.logs),
		})
	}()
	select {
	case w.addr = <-ready:
	case err := <-done:
		w.t.Fatalf("serve: %v\n%s", err, w.logs)
	}
	w.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			w.t.Errorf("serve stopped with %v", err)
		}
	})
}

// branch commits files on a new branch from main and pushes it.
func (w *prWorld) branch(name string, files map[string]string) string {
	w.git("checkout", "-q", "-B", name, "origin/main")
	for path, content := range files {
		writeFile(w.t, filepath.Join(w.seed, filepath.FromSlash(path)), content)
	}
	w.git("add", "-A")
	w.git("commit", "-q", "-m", "change "+name)
	runGit(w.t, w.seed, "push", "-q", "-f", "origin", name)
	w.syncBranches()
	return strings.TrimSpace(runGit(w.t, w.seed, "rev-parse", "HEAD"))
}

// open opens a pull request as user, with the files GitHub would list.
func (w *prWorld) open(user, head string, files ...string) int {
	c, ok := w.users[user]
	if !ok {
		token := "ghp_token_of_" + user
		w.gh.AddToken(token, user)
		w.t.Setenv("DRIFTFIX_TEST_TOKEN_"+strings.ToUpper(user), token)
		var err error
		if c, err = github.New(github.Options{BaseURL: w.api.URL, TokenEnv: "DRIFTFIX_TEST_TOKEN_" + strings.ToUpper(user)}); err != nil {
			w.t.Fatal(err)
		}
		w.users[user] = c
	}
	number, _, err := c.EnsurePullRequest(context.Background(), github.PullRequest{
		Owner: prOwner, Repo: prRepo, Head: head, Base: "main", Title: "Change " + head, Body: "please review",
	})
	if err != nil {
		w.t.Fatal(err)
	}
	var listed []githublocal.File
	for _, f := range files {
		listed = append(listed, githublocal.File{Filename: f, Status: "modified"})
	}
	w.gh.SetFiles(prOwner, prRepo, number, listed)
	return number
}

// deliver posts one signed event to the server and checks it was queued.
func (w *prWorld) deliver(event string, payload []byte) {
	w.t.Helper()
	w.nextID++
	req, err := http.NewRequest(http.MethodPost, "http://"+w.addr+webhook.Path, bytes.NewReader(payload))
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set(webhook.EventHeader, event)
	req.Header.Set(webhook.DeliveryHeader, fmt.Sprintf("00000000-0000-4000-8000-%012d", w.nextID))
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(w.secret, payload))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		w.t.Fatalf("%s delivery answered %d %s", event, resp.StatusCode, body)
	}
}

// pullRequestEvent is the octokit example of action, made about pull
// request number, its head commit and author.
func (w *prWorld) pullRequestEvent(action string, number int) []byte {
	pr, _ := w.gh.Pull(prOwner, prRepo, number)
	return octokitPayload(w.t, "pull_request/"+action+".payload.json", func(m map[string]any) {
		m["number"] = number
		p := m["pull_request"].(map[string]any)
		p["number"] = number
		p["html_url"] = fmt.Sprintf("https://github.test/%s/%s/pull/%d", prOwner, prRepo, number)
		p["user"].(map[string]any)["login"] = pr.User
		p["author_association"] = "MEMBER"
		p["draft"] = false
		p["merged"] = pr.Merged
		head := p["head"].(map[string]any)
		head["ref"], head["sha"] = pr.Head, pr.HeadSHA
		base := p["base"].(map[string]any)
		base["ref"] = "main"
	})
}

// comment is the octokit example of a new comment, by user on pull
// request number.
func (w *prWorld) comment(number int, user, association, body string) []byte {
	return octokitPayload(w.t, "issue_comment/created.payload.json", func(m map[string]any) {
		issue := m["issue"].(map[string]any)
		issue["number"] = number
		html := fmt.Sprintf("https://github.test/%s/%s/pull/%d", prOwner, prRepo, number)
		issue["pull_request"] = map[string]any{"url": html, "html_url": html}
		c := m["comment"].(map[string]any)
		c["body"] = body
		c["user"].(map[string]any)["login"] = user
		c["author_association"] = association
	})
}

func octokitPayload(t *testing.T, file string, fn func(map[string]any)) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "webhook", "testdata", "octokit", filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	return octokitEdit(t, data, fn)
}

// waitComment waits until pull request number has a comment (by driftfix)
// containing every one of want, after the first skip comments, and
// returns it.
func (w *prWorld) waitComment(number, skip int, want ...string) string {
	w.t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		comments := w.gh.Comments(prOwner, prRepo, number)
		for _, c := range comments[min(skip, len(comments)):] {
			ok := c.User == "driftfix-bot"
			for _, s := range want {
				ok = ok && strings.Contains(c.Body, s)
			}
			if ok {
				return c.Body
			}
		}
		if time.Now().After(deadline) {
			var bodies []string
			for _, c := range comments {
				bodies = append(bodies, c.Body)
			}
			w.t.Fatalf("no comment on #%d with %q; comments:\n%s\nlog:\n%s", number, want, strings.Join(bodies, "\n----\n"), w.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (w *prWorld) comments(number int) int { return len(w.gh.Comments(prOwner, prRepo, number)) }

// The pull-request workflow end to end, against the real Terraform, real
// git with a bare remote, the real GitHub client and the octokit webhook
// examples: a pull request is planned and commented when it opens, a
// comment applies it once approved, a second pull request touching the same
// project (through the local module it calls) is told who holds the lock,
// closing the first releases it, and the runner's own fix branch and commit
// land in the remote with its pull request.
func TestServePullRequests(t *testing.T) {
	w := newPRWorld(t)
	w.serve()
	ctx := context.Background()

	// #1: alice bumps the ledger's release
	sha1 := w.branch("release-v2", map[string]string{"ledger/main.tf": strings.Replace(ledgerMain, `"v1-`, `"v2-`, 1)})
	pr1 := w.open("alice", "release-v2", "ledger/main.tf")
	w.deliver("pull_request", w.pullRequestEvent("opened", pr1))
	plan := w.waitComment(pr1, 0, "<!-- driftfix:plan project=ledger -->", "### driftfix plan: `ledger`", "terraform_data.release")
	if !strings.Contains(plan, "**Decision: review**") || !strings.Contains(plan, "Once an approver has approved the pull request, comment `driftfix apply -p ledger`") {
		t.Errorf("the plan comment of a create:\n%s", plan)
	}
	if got := statusOf(w.gh.Statuses(prOwner, prRepo, sha1), "driftfix/plan: ledger"); got.State != "success" || !strings.Contains(got.Description, "1 changes; review") {
		t.Errorf("plan status: %+v", got)
	}
	st := openTestStore(t, w.db)
	if locks, err := st.PullRequestLocks(ctx, prOwner+"/"+prRepo, pr1); err != nil || len(locks) != 1 || locks[0].Dir != "ledger" || locks[0].Project != "ledger" {
		t.Fatalf("#1's locks: %+v %v", locks, err)
	}
	// nothing else was planned: estate did not change
	if n := len(w.gh.Comments(prOwner, prRepo, pr1)); n != 1 {
		t.Errorf("#1 has %d comments after autoplan; want the ledger's plan only", n)
	}

	// an apply before anyone approved, with a conflict, is refused, with every reason
	w.gh.SetMergeability(prOwner, prRepo, pr1, githublocal.Mergeability{Mergeable: false, State: "dirty"})
	seen := w.comments(pr1)
	w.deliver("issue_comment", w.comment(pr1, "bob", "COLLABORATOR", "driftfix apply"))
	refused := w.waitComment(pr1, 0, "<!-- driftfix:apply project=ledger -->", "**Not applied.**")
	for _, want := range []string{"Apply requirement `approved`: the pull request has no approval.", "Apply requirement `mergeable`: GitHub would not merge the pull request (dirty).", "it needs an approval from one of carol (no approval yet)"} {
		if !strings.Contains(refused, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, refused)
		}
	}
	if _, err := os.Stat(w.state); err == nil {
		t.Fatal("a refused apply wrote state")
	}
	// someone who is not a collaborator cannot run driftfix
	w.deliver("issue_comment", w.comment(pr1, "mallory", "NONE", "driftfix apply"))
	w.waitComment(pr1, seen, "driftfix: apply refused", "mallory is not a collaborator")

	// approved by dave (not an approver): the requirement holds, the review does not
	w.gh.AddReview(prOwner, prRepo, pr1, "dave", "APPROVED")
	w.gh.SetMergeability(prOwner, prRepo, pr1, githublocal.Mergeability{Mergeable: true, State: "clean"})
	seen = w.comments(pr1)
	w.deliver("issue_comment", w.comment(pr1, "bob", "COLLABORATOR", "driftfix apply"))
	refused = w.waitComment(pr1, 0, "<!-- driftfix:apply project=ledger -->", "approved only by dave")
	if strings.Contains(refused, "Apply requirement") {
		t.Errorf("met requirements are listed as unmet:\n%s", refused)
	}

	// carol approves: the comment applies the saved plan, verified
	w.gh.AddReview(prOwner, prRepo, pr1, "carol", "APPROVED")
	w.deliver("issue_comment", w.comment(pr1, "bob", "COLLABORATOR", "driftfix apply -p ledger"))
	applied := w.waitComment(pr1, 0, "<!-- driftfix:apply project=ledger -->", "**Applied and verified:** 1 changes")
	if !strings.Contains(applied, "Approved by `carol`") {
		t.Errorf("the apply comment does not name the approver:\n%s", applied)
	}
	state, err := os.ReadFile(w.state)
	if err != nil || !strings.Contains(string(state), `"v2-acme-ledger"`) {
		t.Fatalf("the state after the apply: %v\n%s", err, state)
	}
	if got := statusOf(w.gh.Statuses(prOwner, prRepo, sha1), "driftfix/apply: ledger"); got.State != "success" || got.Description != "applied and verified" {
		t.Errorf("apply status: %+v", got)
	}
	if n := w.comments(pr1); n > seen+3 {
		t.Errorf("the apply comment was not edited in place: %d comments after %d", n, seen)
	}

	// #2: erin changes the local module the ledger calls: the ledger is
	// planned, and #1 holds it
	sha2 := w.branch("label-prefix", map[string]string{"modules/label/main.tf": strings.Replace(labelModule, `"acme-`, `"acme-corp-`, 1)})
	pr2 := w.open("erin", "label-prefix", "modules/label/main.tf")
	w.deliver("pull_request", w.pullRequestEvent("opened", pr2))
	locked := w.waitComment(pr2, 0, "<!-- driftfix:plan project=ledger -->", "**Locked** by pull request [#1]")
	if !strings.Contains(locked, "Comment `driftfix plan -p ledger` here after that.") {
		t.Errorf("the lock comment:\n%s", locked)
	}
	if got := statusOf(w.gh.Statuses(prOwner, prRepo, sha2), "driftfix/plan: ledger"); got.State != "failure" || got.Description != "locked by #1" {
		t.Errorf("#2's plan status: %+v", got)
	}

	// #1 is merged: its lock and plans go
	w.gh.Merge(prOwner, prRepo, pr1)
	w.deliver("pull_request", w.pullRequestEvent("closed", pr1))
	w.waitComment(pr1, 0, "driftfix: locks released and plans deleted (pull request closed)", "`ledger`: directory `ledger`, workspace `default`")
	if locks, err := st.PullRequestLocks(ctx, prOwner+"/"+prRepo, pr1); err != nil || len(locks) != 0 {
		t.Errorf("#1 still holds %+v %v", locks, err)
	}
	if _, err := os.Stat(filepath.Join(w.tmp, "server", ".driftfix", "pulls", "1")); !os.IsNotExist(err) {
		t.Errorf("#1's plans are still on disk: %v", err)
	}

	// #2 plans again from a comment and now holds the lock
	w.deliver("issue_comment", w.comment(pr2, "erin", "CONTRIBUTOR", "driftfix plan"))
	w.waitComment(pr2, 0, "driftfix: plan refused", "erin is not a collaborator")
	w.deliver("issue_comment", w.comment(pr2, "bob", "COLLABORATOR", "driftfix plan"))
	replanned := w.waitComment(pr2, 0, "<!-- driftfix:plan project=ledger -->", "### driftfix plan: `ledger`", "acme-corp-ledger")
	if strings.Contains(replanned, "**Locked**") {
		t.Errorf("the plan comment was not replaced:\n%s", replanned)
	}
	if locks, err := st.PullRequestLocks(ctx, prOwner+"/"+prRepo, pr2); err != nil || len(locks) != 1 {
		t.Errorf("#2's locks: %+v %v", locks, err)
	}
	// unlock, then help and a command driftfix does not know
	w.deliver("issue_comment", w.comment(pr2, "bob", "COLLABORATOR", "driftfix unlock"))
	w.waitComment(pr2, 0, "driftfix: locks released and plans deleted", "`ledger`")
	w.deliver("issue_comment", w.comment(pr2, "bob", "COLLABORATOR", "driftfix destroy everything"))
	w.waitComment(pr2, 0, "did not understand that comment: `unknown command \"destroy\"`", "`driftfix plan [-p PROJECT]`")
	if locks, err := st.PullRequestLocks(ctx, prOwner+"/"+prRepo, pr2); err != nil || len(locks) != 0 {
		t.Errorf("#2 still holds %+v after unlock %v", locks, err)
	}

	// driftfix's own fixes: the runner commits them on a branch of their
	// own, pushes it and opens the pull request
	rep, err := Run(ctx, RunRequest{Target: Target{Project: "estate", ConfigFile: w.cfgPath, TerraformOutput: w.logs, Logger: testLogger(w.logs)},
		Store: st, Cloud: CloudOptions{Skip: true}})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, w.logs)
	}
	if rep.Branch == "" || rep.Commit == "" || rep.PullRequest == "" {
		t.Fatalf("run: %+v", rep)
	}
	files := strings.Fields(runGit(t, w.tmp, "--git-dir", w.remote, "diff", "--name-only", "main", rep.Branch))
	if len(files) != 1 || files[0] != "estate/main.tf" {
		t.Errorf("the fix branch changes %v, want estate/main.tf", files)
	}
	msg := runGit(t, w.tmp, "--git-dir", w.remote, "log", "-1", "--format=%an <%ae>%n%B", rep.Branch)
	for _, want := range []string{"driftfix <driftfix@example.test>", "aws-s3-versioning", "aws_s3_bucket.logs"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the fix commit lacks %q:\n%s", want, msg)
		}
	}
	// its pull request says what was fixed and why there is no plan, and
	// the branch's commit carries the plan's status
	pulls := w.gh.Pulls(prOwner, prRepo)
	own := pulls[len(pulls)-1]
	if own.Head != rep.Branch || own.User != "driftfix-bot" || !strings.Contains(own.Body, "aws-s3-versioning aws_s3_bucket.logs") || !strings.Contains(own.Body, "Decision: review") {
		t.Errorf("driftfix's pull request: %+v", own)
	}
	if got := statusOf(w.gh.Statuses(prOwner, prRepo, rep.Commit), "driftfix/plan: estate"); got.State != "failure" || got.Description != "the plan could not run" {
		t.Errorf("the fix branch's plan status: %+v", got)
	}
	if fixed := runGit(t, w.tmp, "--git-dir", w.remote, "show", rep.Branch+":estate/main.tf"); !strings.HasPrefix(fixed, "# the logs bucket\n") || !strings.Contains(fixed, "aws_s3_bucket_versioning") {
		t.Errorf("the fixed file:\n%s", fixed)
	}
	if strings.Contains(w.logs.String(), "ghp_driftfixbottoken") || strings.Contains(w.logs.String(), string(w.secret)) {
		t.Error("a token or the webhook secret is in the log")
	}
}

func statusOf(statuses []githublocal.StatusView, context string) githublocal.StatusView {
	var last githublocal.StatusView
	for _, s := range statuses {
		if s.Context == context {
			last = s
		}
	}
	return last
}

func openTestStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// The gate holds on a comment too: a plan that destroys needs an
// approver's approval and --allow-destroy; plans of an older head are never
// applied; a draft, and a fork's pull request by an outsider, are not
// planned on their own.
func TestServePullRequestGuards(t *testing.T) {
	w := newPRWorld(t)
	// the ledger exists: applied from main, outside any pull request
	seedState(t, w)
	w.serve()

	// a draft is not planned; nor is a fork's pull request by an outsider
	w.branch("draft", map[string]string{"ledger/main.tf": strings.Replace(ledgerMain, `"v1-`, `"v9-`, 1)})
	draft := w.open("alice", "draft", "ledger/main.tf")
	w.deliver("pull_request", octokitEdit(t, w.pullRequestEvent("opened", draft), func(m map[string]any) {
		m["pull_request"].(map[string]any)["draft"] = true
	}))
	w.deliver("pull_request", octokitEdit(t, w.pullRequestEvent("opened", draft), func(m map[string]any) {
		p := m["pull_request"].(map[string]any)
		p["author_association"] = "FIRST_TIME_CONTRIBUTOR"
		p["head"].(map[string]any)["repo"].(map[string]any)["full_name"] = "mallory/Hello-World"
	}))
	w.waitComment(draft, 0, "driftfix: not planned automatically", "comes from a fork by alice")
	w.idle()
	if n := w.comments(draft); n != 1 {
		t.Errorf("%d comments on the draft; want the fork notice only", n)
	}

	// a head the remote does not have: the failure is told on the pull request
	w.deliver("pull_request", octokitEdit(t, w.pullRequestEvent("synchronize", draft), func(m map[string]any) {
		m["pull_request"].(map[string]any)["head"].(map[string]any)["sha"] = strings.Repeat("d", 40)
	}))
	w.waitComment(draft, 0, "driftfix: plan failed", strings.Repeat("d", 40))

	// #2 removes the ledger's resource: a destroy
	removed := strings.Split(ledgerMain, "resource ")[0]
	sha := w.branch("retire", map[string]string{"ledger/main.tf": removed})
	pr := w.open("alice", "retire", "ledger/main.tf")
	w.deliver("pull_request", w.pullRequestEvent("opened", pr))
	plan := w.waitComment(pr, 0, "<!-- driftfix:plan project=ledger -->", "terraform_data.release")
	if !strings.Contains(plan, "comment `driftfix apply -p ledger --allow-destroy`") {
		t.Errorf("the plan of a destroy does not say how it is applied:\n%s", plan)
	}
	w.gh.AddReview(prOwner, prRepo, pr, "carol", "APPROVED")
	w.gh.SetMergeability(prOwner, prRepo, pr, githublocal.Mergeability{Mergeable: true, State: "clean"})
	w.deliver("issue_comment", w.comment(pr, "bob", "COLLABORATOR", "driftfix apply"))
	refused := w.waitComment(pr, 0, "<!-- driftfix:apply project=ledger -->", "**Not applied.**", "--allow-destroy")
	if strings.Contains(refused, "approval") {
		t.Errorf("carol's approval is not counted:\n%s", refused)
	}
	if !strings.Contains(readFile(t, w.state), "terraform_data") {
		t.Fatal("a refused destroy changed the state")
	}

	// a new commit: the old plan is stale and is not applied, even with --allow-destroy
	w.git("checkout", "-q", "retire")
	writeFile(t, filepath.Join(w.seed, "ledger", "notes.txt"), "why we retire it\n")
	w.git("add", "-A")
	w.git("commit", "-q", "-m", "notes")
	runGit(t, w.seed, "push", "-q", "origin", "retire")
	w.syncBranches()
	seen := w.comments(pr)
	w.deliver("issue_comment", w.comment(pr, "bob", "COLLABORATOR", "driftfix apply --allow-destroy"))
	w.waitComment(pr, seen, "driftfix apply: the plans are stale", "comment `driftfix plan`")
	if !strings.Contains(readFile(t, w.state), "terraform_data") {
		t.Fatal("a stale plan was applied")
	}

	// planned again at the new head, approved again, with --allow-destroy: applied
	w.deliver("issue_comment", w.comment(pr, "bob", "COLLABORATOR", "driftfix plan -p ledger"))
	head, _ := w.gh.Pull(prOwner, prRepo, pr)
	w.waitStatus(head.HeadSHA, "driftfix/plan: ledger", "success")
	w.gh.AddReview(prOwner, prRepo, pr, "carol", "APPROVED")
	w.deliver("issue_comment", w.comment(pr, "bob", "COLLABORATOR", "driftfix apply --allow-destroy"))
	w.waitComment(pr, 0, "<!-- driftfix:apply project=ledger -->", "**Applied and verified:** 1 changes")
	if strings.Contains(readFile(t, w.state), "terraform_data") {
		t.Error("the destroy was not applied")
	}
	if got := statusOf(w.gh.Statuses(prOwner, prRepo, sha), "driftfix/plan: ledger"); got.State != "success" {
		t.Errorf("the first head's plan status: %+v", got)
	}
}

// seedState applies the ledger as main has it, through driftfix plan and
// apply on a checkout of main, so that pull requests change a resource
// that exists.
func seedState(t *testing.T, w *prWorld) {
	t.Helper()
	dir := filepath.Join(w.tmp, "main")
	runGit(t, w.tmp, "clone", "-q", w.remote, dir)
	writeFile(t, filepath.Join(dir, "driftfix.hcl"), `project "ledger" {
  dir            = "ledger"
  backend_config = { path = "`+w.state+`" }
}
`)
	target := Target{Project: "ledger", ConfigFile: filepath.Join(dir, "driftfix.hcl"), TerraformOutput: w.logs, Logger: testLogger(w.logs)}
	if _, err := Plan(context.Background(), PlanRequest{Target: target}); err != nil {
		t.Fatalf("plan main: %v\n%s", err, w.logs)
	}
	if _, err := Apply(context.Background(), ApplyRequest{Target: target, Approve: true, By: "test", Reason: "create the ledger"}); err != nil {
		t.Fatalf("apply main: %v\n%s", err, w.logs)
	}
}

func (w *prWorld) waitStatus(sha, context, state string) {
	w.t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for statusOf(w.gh.Statuses(prOwner, prRepo, sha), context).State != state {
		if time.Now().After(deadline) {
			w.t.Fatalf("status %s of %s never became %s: %+v\n%s", context, sha, state, w.gh.Statuses(prOwner, prRepo, sha), w.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// idle waits until the server has worked off every event it accepted.
func (w *prWorld) idle() {
	w.t.Helper()
	st := openTestStore(w.t, w.db)
	deadline := time.Now().Add(3 * time.Minute)
	for {
		n, err := st.PendingEvents(context.Background())
		if err != nil {
			w.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%d events still pending\n%s", n, w.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func octokitEdit(t *testing.T, payload []byte, fn func(map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
