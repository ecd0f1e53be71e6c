package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/driftfix/driftfix/cloud/awslocal"
	"github.com/driftfix/driftfix/internal/secretcorpus"
	"github.com/driftfix/driftfix/internal/testenv"
	"github.com/driftfix/driftfix/notify"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/store"
)

var secretsNow = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

func loadCorpus(t *testing.T) *secretcorpus.Corpus {
	t.Helper()
	c, err := secretcorpus.Load(filepath.Join(testenv.RepoRoot(), "testdata", "secrets"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// copyTree copies the files of src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// webhookSink is an incoming-webhook endpoint that keeps what it is sent.
type webhookSink struct {
	mu     sync.Mutex
	bodies []string
	url    string
}

func newWebhookSink(t *testing.T) *webhookSink {
	s := &webhookSink{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(b))
		s.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func (s *webhookSink) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

// secretFound are a scan's findings of the hardcoded-secret rule.
func secretFound(s *report.Scan) []secretcorpus.Found {
	var out []secretcorpus.Found
	for _, f := range s.Findings {
		if f.Rule == secretRuleID {
			out = append(out, secretcorpus.Found{File: f.File, Line: f.Line, Secret: f.Secret})
		}
	}
	return out
}

// The corpus: scan finds every planted secret and nothing on the
// look-alikes (precision and recall both 1); fix moves every secret it can
// out of the code, leaves the ones it cannot with the reason, keeps the
// files formatted, and a second fix changes nothing.
func TestSecretsCorpus(t *testing.T) {
	c := loadCorpus(t)
	res, err := Scan(t.Context(), ScanRequest{Dir: c.Dir, Now: secretsNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Report.Errors) > 0 {
		t.Fatalf("the corpus does not load: %+v", res.Report.Errors)
	}
	score := c.Score(secretFound(res.Report))
	t.Logf("%d secrets, %d look-alikes: precision %.3f, recall %.3f", len(c.Secrets), len(c.LookAlikes), score.Precision(), score.Recall())
	for _, m := range score.Missed {
		t.Errorf("missed %s at %s:%d", m.Kind, m.File, m.Line)
	}
	for _, f := range score.False {
		t.Errorf("false finding at %s:%d", f.File, f.Line)
	}
	for _, la := range score.OnLookAlikes {
		t.Errorf("a finding on the look-alike %q at %s:%d", la.What, la.File, la.Line)
	}

	dir := t.TempDir()
	copyTree(t, c.Dir, dir)
	sel := Selection{Rules: []string{secretRuleID}}
	fixed, err := Fix(t.Context(), FixRequest{Dir: dir, Select: sel, Now: secretsNow})
	if err != nil {
		t.Fatal(err)
	}
	var remaining []string
	for _, f := range fixed.Report.Remaining {
		remaining = append(remaining, f.Address)
	}
	want := "aws_db_instance.legacy module.network module.alerts.aws_db_instance.alerts var.partner_api_key"
	if strings.Join(remaining, " ") != want {
		t.Errorf("left for people: %v, want %s", remaining, want)
	}
	if n := len(fixed.Report.Fixed); n != len(c.Secrets)-4 {
		t.Errorf("fixed %d findings, want %d", n, len(c.Secrets)-4)
	}
	again, err := Fix(t.Context(), FixRequest{Dir: dir, Select: sel, Now: secretsNow})
	if err != nil || len(again.Report.Changes) > 0 {
		t.Errorf("a second fix changed %v (%v)", again.Report.Files(), err)
	}
	out, err := exec.Command(testenv.Terraform(t), "fmt", "-check", "-recursive", dir).CombinedOutput()
	if err != nil {
		t.Errorf("the fixed corpus is not formatted like terraform fmt: %v\n%s", err, out)
	}
	// what is left in the code is what fix could not move
	for _, l := range c.Secrets {
		b, _ := os.ReadFile(filepath.Join(dir, l.File))
		if strings.Contains(string(b), l.Value) && !strings.HasSuffix(l.File, ".json") && l.File != "modules/alerts/main.tf" && l.Kind != "gitlab-token" {
			t.Errorf("%s at %s:%d is still in the code after fix", l.Kind, l.File, l.Line)
		}
	}
}

// keysSeed seeds awslocal with the users and keys of the corpus.
func keysSeed() *awslocal.Seed {
	return &awslocal.Seed{
		IAMUsers: []awslocal.IAMUser{{Name: "tfstate"}, {Name: "deploy-ci"}},
		IAMAccessKeys: []awslocal.IAMAccessKey{
			{ID: "AKIAKTAIPPAT6CVJJEEV", User: "tfstate", CreateDate: "2022-02-03T04:05:06Z"},
			{ID: "AKIA5TLYHHEUKE4POZVF", User: "deploy-ci", LastUsedDate: "2024-05-06T07:08:09Z", LastUsedService: "s3", LastUsedRegion: "eu-west-1"},
		},
	}
}

// Nothing driftfix prints, logs, records, sends or writes into a pull
// request's body holds a secret of the corpus: scan (text, JSON, SARIF;
// with the history), fix (its dry-run diff, JSON, the written fix's
// report), keys (text, JSON, notifications) and a full run (its markdown
// report — the pull request's body —, text, JSON, notifications, every
// step in the store), with every log line at debug level.
func TestNothingShowsASecret(t *testing.T) {
	isolateAWS(t)
	c := loadCorpus(t)
	dir := t.TempDir()
	copyTree(t, c.Dir, dir)
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"-c", "user.name=Dev", "-c", "user.email=dev@example.test", "commit", "-q", "-m", "the corpus"}} {
		runGit(t, dir, args...)
	}
	srv := httptest.NewServer(awslocal.New(keysSeed(), awslocal.Options{}))
	t.Cleanup(srv.Close)
	sink := newWebhookSink(t)
	t.Setenv("CORPUS_WEBHOOK", sink.url)
	cfg := "project \"corpus\" {\n  dir = \".\"\n}\nsecrets {\n  deactivate_leaked_keys = true\n}\nnotifications {\n  webhook_url_env = \"CORPUS_WEBHOOK\"\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "driftfix.hcl"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", filepath.Dir(testenv.Terraform(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
	var logs, shown bytes.Buffer
	log := testLogger(&logs)
	ctx := t.Context()
	show := func(what string, render func(w io.Writer) error) {
		t.Helper()
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if b.Len() == 0 {
			t.Errorf("%s rendered nothing", what)
		}
		if leaks := c.Leaks(b.String()); len(leaks) > 0 {
			t.Errorf("%s shows %d secrets of the corpus", what, len(leaks))
		}
		shown.Write(b.Bytes())
	}

	sres, err := Scan(ctx, ScanRequest{Dir: dir, Now: secretsNow, History: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(secretFound(sres.Report)); n != len(c.Secrets) {
		t.Errorf("scan --history found %d secrets, want %d", n, len(c.Secrets))
	}
	for _, format := range []string{"text", "json", "sarif"} {
		render, _ := report.ForScan(format)
		show("scan --format "+format, func(w io.Writer) error { return render(w, sres.Report, report.Options{Dir: dir, Version: "test"}) })
	}

	fres, err := Fix(ctx, FixRequest{Dir: dir, DryRun: true, Now: secretsNow, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if len(fres.Report.Changes) == 0 {
		t.Fatal("the dry run would change nothing")
	}
	for _, format := range []string{"text", "json"} {
		render, _ := report.ForFix(format)
		show("fix --dry-run --format "+format, func(w io.Writer) error {
			return render(w, fres.Report, report.Options{Dir: dir, Messages: w})
		})
	}

	krep, err := Keys(ctx, KeysRequest{Target: Target{Dir: dir, Logger: log}, History: true, Cloud: CloudOptions{Endpoint: srv.URL, Regions: []string{"us-east-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(krep.Keys) != 3 {
		t.Errorf("keys: %d keys, want the corpus's 3", len(krep.Keys))
	}
	for _, format := range report.KeysFormats() {
		show("keys --format "+format, func(w io.Writer) error { return report.RenderKeys(w, format, krep) })
	}

	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "driftfix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rrep, err := Run(ctx, RunRequest{Target: Target{Dir: dir, TerraformOutput: &logs, Logger: log}, Store: st,
		Cloud: CloudOptions{Skip: true, Endpoint: srv.URL, Regions: []string{"us-east-1"}}, Now: func() time.Time { return secretsNow }})
	if err != nil {
		t.Fatal(err)
	}
	if rrep.Fixed == 0 {
		t.Errorf("the run fixed nothing: %+v", rrep.Steps)
	}
	for _, format := range report.RunFormats() {
		show("run --format "+format, func(w io.Writer) error { return report.RenderRun(w, format, rrep) })
	}
	rec, err := st.Run(ctx, rrep.ID)
	if err != nil {
		t.Fatal(err)
	}
	var recorded strings.Builder
	for _, s := range rec.Steps {
		recorded.WriteString(string(s.Name) + ": " + s.Summary + "\n")
	}
	findings, err := st.OpenFindings(ctx, "corpus")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		recorded.WriteString(f.Address + " " + f.File + "\n")
	}
	show("the run history", func(w io.Writer) error { _, err := io.WriteString(w, recorded.String()); return err })

	// after the run's fix, the code no longer holds what it moved out
	fixedRes, err := Fix(ctx, FixRequest{Dir: dir, Now: secretsNow, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	show("fix", func(w io.Writer) error {
		render, _ := report.ForFix("text")
		return render(w, fixedRes.Report, report.Options{Dir: dir})
	})

	// what driftfix keeps in .driftfix/ (the run's Terraform log among it)
	saved := 0
	filepath.WalkDir(filepath.Join(dir, ".driftfix"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".db") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		saved++
		if leaks := c.Leaks(string(b)); len(leaks) > 0 {
			t.Errorf("%s shows %d secrets of the corpus", p, len(leaks))
		}
		return nil
	})
	if saved == 0 {
		t.Error("the run saved nothing under .driftfix/")
	}

	notes := sink.all()
	if len(notes) == 0 {
		t.Error("no notification was sent")
	}
	for i, n := range notes {
		if leaks := c.Leaks(n); len(leaks) > 0 {
			t.Errorf("notification %d shows %d secrets of the corpus", i, len(leaks))
		}
	}
	if leaks := c.Leaks(logs.String()); len(leaks) > 0 {
		for _, l := range strings.Split(logs.String(), "\n") {
			for _, v := range leaks {
				if strings.Contains(l, v) {
					t.Errorf("the logs show a secret of the corpus: %s", strings.ReplaceAll(l, v, "<SECRET>"))
				}
			}
		}
	}
	if !strings.Contains(shown.String(), "(redacted sha256:") || !strings.Contains(shown.String(), "AKIA…") {
		t.Error("the outputs show no masked secret: the test looked at nothing")
	}
}

// keys under each policy: off (the key is left Active, people are told),
// a dry run (nothing changes, no one is told), on (set Inactive, read back,
// told); another account's key and a key inactive already are reported as
// such, and no key is ever deleted or shown whole.
func TestKeys(t *testing.T) {
	const code = `provider "aws" {
  region     = "us-east-1"
  access_key = "AKIA5TLYHHEUKE4POZVF"
}

locals {
  old_key     = "AKIAKTAIPPAT6CVJJEEV" # deactivated in 2023
  partner_key = "AKIA2Q7XW3MN5VB4ZC6Q"
}
`
	tests := []struct {
		name, config string
		dryRun       bool
		want         string // the action on the active key
		status       string // its status afterwards
		notified     int
	}{
		{"policy off", "", false, report.KeyLeftActive, "Active", 2},
		{"dry run", "secrets {\n  deactivate_leaked_keys = true\n}\n", true, report.KeyWouldDeactivate, "Active", 0},
		{"policy on", "secrets {\n  deactivate_leaked_keys = true\n}\n", false, report.KeyDeactivated, "Inactive", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			seed := keysSeed()
			seed.IAMAccessKeys[0].Status = "Inactive"
			srv := awslocal.New(seed, awslocal.Options{})
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			sink := newWebhookSink(t)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "main.tf"), code)
			if tt.config != "" {
				writeFile(t, filepath.Join(dir, "driftfix.hcl"), tt.config)
			}
			hook := mustWebhook(t, sink.url)
			rep, err := Keys(t.Context(), KeysRequest{Target: Target{Dir: dir}, DryRun: tt.dryRun, Notify: hook,
				Cloud: CloudOptions{Endpoint: ts.URL, Regions: []string{"us-east-1"}}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]report.LeakedKey{}
			for _, k := range rep.Keys {
				got[k.Key] = k
			}
			active, old, partner := got["AKIA…OZVF"], got["AKIA…JEEV"], got["AKIA…ZC6Q"]
			if active.Action != tt.want || active.User != "deploy-ci" || active.Status != "Active" || active.LastUsed == nil ||
				active.LastService != "s3" || strings.Join(active.Where, ",") != "main.tf:3" {
				t.Errorf("the active key: %+v", active)
			}
			if old.Action != report.KeyInactive || old.User != "tfstate" {
				t.Errorf("the inactive key: %+v", old)
			}
			if partner.Action != report.KeyOtherAccount || partner.Account == srv.AccountID() || partner.User != "" {
				t.Errorf("another account's key: %+v", partner)
			}
			if len(rep.Errors) > 0 || rep.Account != srv.AccountID() {
				t.Errorf("errors %+v, account %s", rep.Errors, rep.Account)
			}
			status := keyStatus(t, ts.URL, "deploy-ci")
			if status != tt.status {
				t.Errorf("the key is %s in the account, want %s", status, tt.status)
			}
			calls := srv.Calls()
			if calls[awslocal.Call{Service: "iam", Action: "DeleteAccessKey"}] > 0 {
				t.Error("a key was deleted")
			}
			notes := sink.all()
			if len(notes) != tt.notified {
				t.Errorf("%d notifications, want %d: %q", len(notes), tt.notified, notes)
			}
			for _, n := range notes {
				if strings.Contains(n, "AKIA5TLYHHEUKE4POZVF") || strings.Contains(n, "AKIA2Q7XW3MN5VB4ZC6Q") || !strings.Contains(n, "leaked_key") {
					t.Errorf("notification %s", n)
				}
			}
			var out bytes.Buffer
			if err := report.RenderKeys(&out, "text", rep); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out.String(), "AKIA5TLYHHEUKE4POZVF") {
				t.Errorf("the report shows the key:\n%s", out.String())
			}
		})
	}
}

func mustWebhook(t *testing.T, url string) *notify.Webhook {
	t.Helper()
	w, err := notify.New(url)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// keyStatus reads the status of user's only key through the SDK.
func keyStatus(t *testing.T, endpoint, user string) string {
	t.Helper()
	cfg, err := awsconfig.LoadDefaultConfig(t.Context(), awsconfig.WithRegion("us-east-1"), awsconfig.WithBaseEndpoint(endpoint))
	if err != nil {
		t.Fatal(err)
	}
	out, err := iam.NewFromConfig(cfg).ListAccessKeys(t.Context(), &iam.ListAccessKeysInput{UserName: awssdk.String(user)})
	if err != nil || len(out.AccessKeyMetadata) != 1 {
		t.Fatalf("list %s's keys: %+v %v", user, out, err)
	}
	return string(out.AccessKeyMetadata[0].Status)
}

// The same against moto, an AWS endpoint driftfix did not write: a key
// created through the SDK, written into the code, is set Inactive under
// the policy.
func TestKeysAgainstMoto(t *testing.T) {
	isolateAWS(t)
	url := testenv.Moto(t)
	cfg, err := awsconfig.LoadDefaultConfig(t.Context(), awsconfig.WithRegion("us-east-1"), awsconfig.WithBaseEndpoint(url))
	if err != nil {
		t.Fatal(err)
	}
	c := iam.NewFromConfig(cfg)
	if _, err := c.CreateUser(t.Context(), &iam.CreateUserInput{UserName: awssdk.String("deploy-ci")}); err != nil {
		t.Fatal(err)
	}
	key, err := c.CreateAccessKey(t.Context(), &iam.CreateAccessKeyInput{UserName: awssdk.String("deploy-ci")})
	if err != nil {
		t.Fatal(err)
	}
	id := awssdk.ToString(key.AccessKey.AccessKeyId)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \""+id+"\"\n}\n")
	writeFile(t, filepath.Join(dir, "driftfix.hcl"), "secrets {\n  deactivate_leaked_keys = true\n}\n")
	rep, err := Keys(t.Context(), KeysRequest{Target: Target{Dir: dir}, Cloud: CloudOptions{Endpoint: url, Regions: []string{"us-east-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Keys) != 1 || rep.Keys[0].Action != report.KeyDeactivated || rep.Keys[0].User != "deploy-ci" || len(rep.Errors) > 0 {
		t.Fatalf("keys against moto: %+v %+v", rep.Keys, rep.Errors)
	}
	if got := keyStatus(t, url, "deploy-ci"); got != "Inactive" {
		t.Errorf("the key is %s in moto, want Inactive", got)
	}
}

// run's keys step: under the policy, a leaked key of the code is set
// Inactive, and the step records who owned it and when it was last used;
// without the policy the step is skipped and says why.
func TestRunKeysStep(t *testing.T) {
	for _, on := range []bool{false, true} {
		isolateAWS(t)
		srv := awslocal.New(keysSeed(), awslocal.Options{})
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "main.tf"), "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"AKIA5TLYHHEUKE4POZVF\"\n}\n")
		cfg := "project \"app\" {\n  dir = \".\"\n}\n"
		if on {
			cfg += "secrets {\n  deactivate_leaked_keys = true\n}\n"
		}
		writeFile(t, filepath.Join(dir, "driftfix.hcl"), cfg)
		t.Setenv("PATH", filepath.Dir(testenv.Terraform(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
		st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "driftfix.db"))
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		rep, err := Run(t.Context(), RunRequest{Target: Target{Dir: dir, TerraformOutput: io.Discard, Logger: testLogger(&logs)}, Store: st,
			Cloud: CloudOptions{Skip: true, Endpoint: ts.URL, Regions: []string{"us-east-1"}}, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := st.Run(t.Context(), rep.ID)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		var step string
		for _, s := range rec.Steps {
			if s.Name == store.StepKeys {
				step = string(s.Status) + ": " + s.Summary
			}
		}
		want := "skipped: secrets { deactivate_leaked_keys } is off"
		if on {
			want = "succeeded: AKIA…OZVF (user deploy-ci of account 123456789012, was Active, created 2024-01-02, last used 2024-05-06 07:08 UTC by s3 in eu-west-1): would-deactivate"
		}
		if step != want {
			t.Errorf("policy %v: keys step %q, want %q", on, step, want)
		}
		if strings.Contains(logs.String(), "AKIA5TLYHHEUKE4POZVF") {
			t.Error("the run's logs show the key")
		}
	}
	// not a dry run: set Inactive
	isolateAWS(t)
	srv := awslocal.New(keysSeed(), awslocal.Options{})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"AKIA5TLYHHEUKE4POZVF\"\n}\n")
	writeFile(t, filepath.Join(dir, "driftfix.hcl"), "project \"app\" {\n  dir = \".\"\n}\nsecrets {\n  deactivate_leaked_keys = true\n}\n")
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "driftfix.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Run(t.Context(), RunRequest{Target: Target{Dir: dir, TerraformOutput: io.Discard}, Store: st,
		Cloud: CloudOptions{Skip: true, Endpoint: ts.URL, Regions: []string{"us-east-1"}}}); err != nil {
		t.Fatal(err)
	}
	if got := keyStatus(t, ts.URL, "deploy-ci"); got != "Inactive" {
		t.Errorf("after the run the key is %s, want Inactive", got)
	}
}

// scan --history against a real repository: a secret committed and
// removed since is reported once, at the commit that brought it; one still
// in the code is reported there only; an ignored one is not reported.
func TestScanHistory(t *testing.T) {
	dir := t.TempDir()
	runGit(t, dir, "init", "-q", "-b", "main")
	writeFile(t, filepath.Join(dir, "main.tf"), "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"AKIA5TLYHHEUKE4POZVF\"\n}\n")
	writeFile(t, filepath.Join(dir, "creds.auto.tfvars"), "deploy_token = \"ghp_VlbiNRi7UsE5TsKYXd0cMWLgubiwfk2nn9Bu\"\n"+
		"# driftfix:ignore:aws-hardcoded-secret a fixture\nfixture_token = \"ghp_WNoIL28BQxIPoVJ7VtD4Q9OiwyXt17cFzwUn\"\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "-c", "user.name=Dev", "-c", "user.email=dev@example.test", "commit", "-q", "-m", "credentials")
	first := strings.TrimSpace(runGit(t, dir, "rev-parse", "HEAD"))
	if err := os.Remove(filepath.Join(dir, "creds.auto.tfvars")); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "-c", "user.name=Dev", "-c", "user.email=dev@example.test", "commit", "-q", "-a", "-m", "no more tfvars")

	res, err := Scan(t.Context(), ScanRequest{Dir: dir, Now: secretsNow, History: true, Select: Selection{Rules: []string{secretRuleID}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Report.Findings {
		where := f.File
		if f.Commit != nil {
			where += "@" + f.Commit.SHA
		}
		got = append(got, f.Address+" "+where)
	}
	want := []string{"var.deploy_token creds.auto.tfvars@" + first, "provider.aws main.tf"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var js bytes.Buffer
	render, _ := report.ForScan("json")
	if err := render(&js, res.Report, report.Options{}); err != nil {
		t.Fatal(err)
	}
	var parsed report.JSONScan
	if err := json.Unmarshal(js.Bytes(), &parsed); err != nil {
		t.Fatal(err)
	}
	if c := parsed.Findings[0].Commit; c == nil || c.SHA != first || c.Subject != "credentials" || parsed.Findings[0].Fixable {
		t.Errorf("the history finding in JSON: %+v", parsed.Findings[0])
	}
}
