package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"github.com/driftfix/driftfix/cloud/aws"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/notify"
	"github.com/driftfix/driftfix/report"
	"github.com/driftfix/driftfix/secrets"
	"github.com/driftfix/driftfix/vcs/git"
)

// Hardcoded secrets beyond the code as it is: the git history (a secret
// committed and removed since is still in every clone), and leaked AWS
// access keys, which driftfix can look up in the account and — when the
// policy says so — set Inactive at once, then tell people.

// secretRuleID is the rule that finds hardcoded secrets.
const secretRuleID = "aws-hardcoded-secret"

// secretFiles are the files a secret may be committed in.
func secretFile(p string) bool {
	for _, s := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	return false
}

// codeSecrets returns the findings of rule (the hardcoded-secret rule) in
// every root module at and below dir, with their secrets (not detached),
// paths relative to dir.
func codeSecrets(ctx context.Context, dir string, rule fixers.Rule, now time.Time) ([]fixers.Finding, error) {
	w, err := openWorkDir(dir)
	if err != nil {
		return nil, err
	}
	roots, diags := iac.RootModules(ctx, w.fsys, w.fsDir)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("find the root modules in %s: %s", dir, diags.Error())
	}
	var out []fixers.Finding
	seen := map[string]bool{}
	for _, root := range roots {
		m := iac.Load(ctx, w.fsys, path.Join(w.fsDir, root))
		in := fixers.Input{Module: m, Root: root}
		for _, f := range fixers.Check(ctx, []fixers.Rule{rule}, &in, now).Findings {
			f.File = path.Join(root, f.File)
			if k := f.File + "|" + f.Secret + "|" + fmt.Sprint(f.Line); !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	return out, ctx.Err()
}

// historySecrets returns the secrets rule finds in past versions of the
// files below dir (every branch and tag) that the code has no more (their
// fingerprints are not in current): one finding per secret, at the oldest
// commit that had it, not fixable. Each version is checked on its own, so
// inline ignores in it apply.
func historySecrets(ctx context.Context, dir string, rule fixers.Rule, current map[string]bool, now time.Time, log *slog.Logger) ([]fixers.Finding, error) {
	var out []fixers.Finding
	seen := map[string]bool{}
	_, err := git.History(ctx, dir, git.HistoryOptions{Match: secretFile, Logger: log}, func(v git.Version) error {
		base := path.Base(v.Path)
		m := iac.Load(ctx, fstest.MapFS{base: {Data: v.Content}}, ".")
		in := fixers.Input{Module: m}
		for _, f := range fixers.Check(ctx, []fixers.Rule{rule}, &in, now).Findings {
			if f.Secret == "" || current[f.Secret] || seen[f.Secret] {
				continue
			}
			seen[f.Secret] = true
			short := v.Commit[:min(7, len(v.Commit))]
			f.File = v.Path
			f.Commit = &fixers.Commit{SHA: v.Commit, Author: v.Author, Date: v.Date, Subject: v.Subject}
			f.Message += fmt.Sprintf(", committed in %s on %s and no longer in the code", short, v.Date.UTC().Format("2006-01-02"))
			f.Fixable, f.Fix = false, nil
			f.Reason = "the secret is in the git history, which driftfix never rewrites: it is leaked for good, so rotate it (for an AWS access key: driftfix keys --history)"
			out = append(out, f)
		}
		return ctx.Err()
	})
	if errors.Is(err, git.ErrNotRepository) {
		return nil, fmt.Errorf("--history reads the git history, and %w", err)
	}
	return out, err
}

// withHistory adds to a scan the secrets of the git history that the code
// has no more, when the selection runs the hardcoded-secret rule.
func withHistory(ctx context.Context, s *report.Scan, dir string, rules []fixers.Rule, now time.Time, log *slog.Logger) error {
	i := secretRuleIndex(rules)
	if i < 0 {
		log.Warn("--history looks for hardcoded secrets, and the selection leaves out " + secretRuleID)
		return nil
	}
	current := map[string]bool{}
	for _, f := range s.Findings {
		if f.Secret != "" {
			current[f.Secret] = true
		}
	}
	hist, err := historySecrets(ctx, dir, rules[i], current, now, log)
	if err != nil {
		return err
	}
	for _, f := range hist {
		s.Findings = append(s.Findings, f.Detached())
	}
	fixers.SortFindings(s.Findings)
	log.Info("searched the git history", "dir", dir, "secrets", len(hist))
	return nil
}

// secretRuleIndex is the index of the hardcoded-secret rule in rules, or -1.
func secretRuleIndex(rules []fixers.Rule) int {
	for i, r := range rules {
		if r.ID == secretRuleID {
			return i
		}
	}
	return -1
}

// hardcodedSecrets are the secrets hardcoded in the code of dir (with its
// local modules), for Terraform's output to be redacted of them: init
// prints a module's source, a plan a variable's default. A directory that
// does not load has none to give.
func hardcodedSecrets(ctx context.Context, dir string) []string {
	w, err := openWorkDir(dir)
	if err != nil {
		return nil
	}
	return fixers.SecretValues(iac.Load(ctx, w.fsys, w.fsDir))
}

// KeysRequest is the keys use case's input: `driftfix keys`.
type KeysRequest struct {
	Target Target
	// History also looks through the git history.
	History bool
	// DryRun looks the keys up and changes nothing (and tells no one).
	DryRun bool
	Cloud  CloudOptions
	// Notify receives what was done; nil uses the config's notifications.
	Notify *notify.Webhook
	Now    func() time.Time
}

// Keys is the `keys` use case: every AWS access key ID hardcoded in the
// project's code (and, with History, its git history) is looked up in the
// account driftfix runs against — its owner, its status, when it was last
// used — and, when secrets { deactivate_leaked_keys } allows it, an active
// one is set Inactive (never deleted) and people are told.
func Keys(ctx context.Context, req KeysRequest) (*report.Keys, error) {
	now := req.Now
	if now == nil {
		now = time.Now
	}
	r, err := Resolve(req.Target)
	if err != nil {
		return nil, err
	}
	log := r.Env.logger()
	rule, ok := fixers.ByID(secretRuleID)
	if !ok {
		return nil, errors.New("the hardcoded-secret rule is not registered")
	}
	found, err := codeSecrets(ctx, r.Project.Dir, rule, now())
	if err != nil {
		return nil, err
	}
	if req.History {
		current := map[string]bool{}
		for _, f := range found {
			current[f.Secret] = true
		}
		hist, err := historySecrets(ctx, r.Project.Dir, rule, current, now(), log)
		if err != nil {
			return nil, err
		}
		found = append(found, hist...)
	}
	hook := req.Notify
	if hook == nil && !req.DryRun {
		if hook, err = webhookFrom(r.Config.Notifications(), r.Env.Root); err != nil {
			log.Warn("notifications are off", "err", err)
		}
	}
	rep := &report.Keys{Project: r.Project.Name, DryRun: req.DryRun, Allowed: r.Config.Secrets().DeactivateLeakedKeys, History: req.History}
	err = remediateKeys(ctx, keysJob{Project: r.Project.Name, DryRun: req.DryRun, Allowed: rep.Allowed, Cloud: req.Cloud, Hook: hook, Log: log}, found, rep)
	return rep, err
}

// keysJob is how leaked keys are handled.
type keysJob struct {
	Project string
	DryRun  bool
	Allowed bool
	Cloud   CloudOptions
	Hook    *notify.Webhook
	Log     *slog.Logger
}

// leak is one access key ID and where it was found.
type leak struct {
	id    string
	where []string
}

// awsKeys returns the AWS access key IDs among hardcoded-secret findings,
// in the order first found, each with every place it is in.
func awsKeys(found []fixers.Finding) []*leak {
	var out []*leak
	byID := map[string]*leak{}
	for _, f := range found {
		v, _, kind, ok := f.SecretValue()
		if !ok || kind != string(secrets.AWSAccessKeyID) {
			continue
		}
		l := byID[v]
		if l == nil {
			l = &leak{id: v}
			byID[v] = l
			out = append(out, l)
		}
		w := fmt.Sprintf("%s:%d", f.File, f.Line)
		if f.Commit != nil {
			w += "@" + f.Commit.SHA[:min(7, len(f.Commit.SHA))]
		}
		l.where = append(l.where, w)
	}
	return out
}

// remediateKeys looks up every leaked access key among found and acts on
// it as the job says, into rep. An error of one key is in rep.Errors; the
// others are still handled.
func remediateKeys(ctx context.Context, job keysJob, found []fixers.Finding, rep *report.Keys) error {
	leaks := awsKeys(found)
	if len(leaks) == 0 {
		return nil
	}
	reader, err := aws.New(ctx, aws.Options{Regions: job.Cloud.Regions, Profile: job.Cloud.Profile, Endpoint: job.Cloud.Endpoint,
		MaxAttempts: job.Cloud.MaxAttempts, RequestTimeout: firstPositive(job.Cloud.RequestTimeout, DefaultRequestTimeout), Logger: job.Log})
	if errors.Is(err, aws.ErrNoRegion) {
		return errors.New("no AWS region: give --region, or set AWS_REGION or the region of your AWS profile")
	}
	if err != nil {
		return err
	}
	for _, l := range leaks {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := keyAction(ctx, reader, job, l, rep)
		if k == nil {
			continue
		}
		rep.Keys = append(rep.Keys, *k)
		job.Log.Info("leaked access key", "key", k.Key, "user", k.User, "account", k.Account, "action", k.Action)
		if job.DryRun || job.Hook == nil {
			continue
		}
		switch k.Action {
		case report.KeyDeactivated, report.KeyLeftActive, report.KeyOtherAccount:
			if err := job.Hook.Send(context.WithoutCancel(ctx), keyEvent(job.Project, *k)); err != nil {
				job.Log.Warn("could not notify", "err", err)
			}
		}
	}
	return nil
}

// keyAction looks one key up and acts on it; nil when the lookup failed
// (the error is in rep).
func keyAction(ctx context.Context, reader *aws.Reader, job keysJob, l *leak, rep *report.Keys) *report.LeakedKey {
	masked := secrets.MaskKeyID(l.id)
	k := &report.LeakedKey{Key: masked, Fingerprint: secrets.Fingerprint(l.id), Where: l.where}
	info, err := reader.AccessKey(ctx, l.id)
	if err != nil {
		rep.Errors = append(rep.Errors, report.KeysError{Key: masked, Message: err.Error()})
		return nil
	}
	rep.Account = info.Caller
	k.Account, k.User, k.Status = info.Account, info.User, info.Status
	k.LastService, k.LastRegion = info.LastService, info.LastRegion
	if !info.Created.IsZero() {
		t := info.Created
		k.Created = &t
	}
	if !info.LastUsed.IsZero() {
		t := info.LastUsed
		k.LastUsed = &t
	}
	switch {
	case !info.InCallerAccount():
		k.Action = report.KeyOtherAccount
		k.Reason = fmt.Sprintf("the key belongs to account %s, not %s, which driftfix runs against: deactivate it there, and rotate it", info.Account, info.Caller)
	case !info.Found:
		k.Action = report.KeyNotFound
		k.Reason = fmt.Sprintf("account %s has no such key (deleted already?): nothing to deactivate; take it out of the code", info.Account)
	case info.Status != "Active":
		k.Action = report.KeyInactive
		k.Reason = "Inactive already: delete it once nothing needs it, and take it out of the code"
	case !job.Allowed:
		k.Action = report.KeyLeftActive
		k.Reason = "left Active: secrets { deactivate_leaked_keys } is off in driftfix.hcl; deactivate it by hand and rotate it"
	case job.DryRun:
		k.Action = report.KeyWouldDeactivate
		k.Reason = "would be set Inactive (dry run: nothing changed)"
	default:
		if err := reader.DeactivateAccessKey(ctx, info.User, l.id); err != nil {
			rep.Errors = append(rep.Errors, report.KeysError{Key: masked, Message: err.Error()})
			k.Action = report.KeyLeftActive
			k.Reason = "could not set it Inactive: " + err.Error()
			return k
		}
		k.Action = report.KeyDeactivated
		k.Reason = "set Inactive (never deleted): give whoever needs it a new key, then delete this one"
	}
	return k
}

// keyEvent is the notification about one leaked key.
func keyEvent(project string, k report.LeakedKey) notify.Event {
	owner := k.User
	if owner == "" {
		owner = "account " + k.Account
	}
	what := map[string]string{report.KeyDeactivated: "set Inactive", report.KeyLeftActive: "still Active", report.KeyOtherAccount: "of another account"}[k.Action]
	lines := []string{k.Describe()}
	if len(k.Where) > 0 {
		lines = append(lines, "found in "+strings.Join(k.Where, ", "))
	}
	lines = append(lines, k.Reason)
	return notify.Event{Kind: notify.LeakedKey, Project: project, Title: fmt.Sprintf("leaked AWS access key %s (%s) of %s: %s", k.Key, k.Fingerprint, owner, what), Lines: lines}
}

// stepKeys is run's keys step: when the policy allows it, the leaked AWS
// access keys of the code just checked are looked up and set Inactive.
func (c *cycle) stepKeys(ctx context.Context) (string, error) {
	if !c.r.Config.Secrets().DeactivateLeakedKeys {
		return "", skip("secrets { deactivate_leaked_keys } is off")
	}
	if len(awsKeys(c.findings)) == 0 {
		return "", skip("no AWS access key in the code")
	}
	rep := &report.Keys{Project: c.proj.Name, DryRun: c.req.DryRun, Allowed: true}
	if err := remediateKeys(ctx, keysJob{Project: c.proj.Name, DryRun: c.req.DryRun, Allowed: true, Cloud: c.req.Cloud, Hook: c.hook, Log: c.log}, c.findings, rep); err != nil {
		return "", err
	}
	var parts []string
	for _, k := range rep.Keys {
		parts = append(parts, fmt.Sprintf("%s (%s): %s", k.Key, k.Describe(), k.Action))
	}
	sort.Strings(parts)
	summary := strings.Join(parts, "; ")
	if len(rep.Errors) > 0 {
		return "", fmt.Errorf("%s; %s: %s", summary, rep.Errors[0].Key, rep.Errors[0].Message)
	}
	return summary, nil
}
