package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/config"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/notify"
	"github.com/driftfix/driftfix/priority"
	"github.com/driftfix/driftfix/store"
)

// stepRecord tells the store what the run saw and did: the findings and
// drift observed now (a fixed finding whose fix is applied and in the
// default branch, or in place, is resolved by this run; one fixed for
// review stays open until its fix lands), what it fixed, and the automatic
// fixes people undid (a finding an applied fix resolved that is back).
// Then the learning gate demotes a class whose automatic fixes are undone
// too often.
func (c *cycle) stepRecord(ctx context.Context) (string, error) {
	ctx = context.WithoutCancel(ctx) // a stopped run is still recorded
	if c.module == nil {
		return "", skip("nothing was observed")
	}
	if c.req.DryRun {
		return "", skip("dry run: the findings are not recorded as observed")
	}
	resolvedNow := c.resolvedNow()
	observed := c.observations(resolvedNow)
	open, err := c.st.OpenFindings(ctx, c.proj.Name)
	if err != nil {
		return "", err
	}
	// how each finding that is gone was resolved
	seen := map[string]bool{}
	for _, o := range observed {
		seen[o.Fingerprint] = true
	}
	var gone []string
	for _, f := range open {
		if !seen[f.Fingerprint] {
			gone = append(gone, f.Fingerprint)
		}
	}
	before, err := c.st.LastFixes(ctx, c.proj.Name, gone)
	if err != nil {
		return "", err
	}
	resolutions := map[string]store.Resolution{}
	for fp, fx := range before {
		switch {
		case fx.Applied:
			resolutions[fp] = store.ResolutionAutoApplied
		case fx.Branch != "" || fx.PullRequestURL != "":
			resolutions[fp] = store.ResolutionPRMerged
		}
	}
	for fp := range resolvedNow {
		resolutions[fp] = store.ResolutionAutoApplied
	}
	// undone fixes: findings resolved by an applied fix that are back
	var back []string
	for _, o := range observed {
		back = append(back, o.Fingerprint)
	}
	prior, err := c.st.FindingsByFingerprint(ctx, c.proj.Name, back)
	if err != nil {
		return "", err
	}
	sync, err := c.st.SyncFindings(ctx, c.proj.Name, c.id, observed, resolutions)
	if err != nil {
		return "", err
	}
	overrides := 0
	// the last fix of every reopened finding, in one query
	reopenedFixes, err := c.st.LastFixes(ctx, c.proj.Name, sync.Reopened)
	if err != nil {
		return "", err
	}
	for _, fp := range sync.Reopened {
		p, ok := prior[fp]
		if !ok || p.Resolution != store.ResolutionAutoApplied {
			continue
		}
		fx, ok := reopenedFixes[fp]
		if !ok || !fx.Applied {
			continue
		}
		how := store.OverrideGitRevert
		if p.Kind == store.KindDrift {
			how = store.OverrideDriftBack
		}
		inserted, err := c.st.RecordOverride(ctx, store.Override{Project: c.proj.Name, Fingerprint: fp, Class: fx.Class, FixRunID: fx.RunID, How: how})
		if err != nil {
			return "", err
		}
		if inserted {
			overrides++
		}
	}
	n, err := c.driftBack(ctx)
	if err != nil {
		return "", err
	}
	overrides += n
	if err := c.st.RecordFixes(ctx, c.id, c.fixRecords(resolvedNow)); err != nil {
		return "", err
	}
	demoted, err := c.learn(ctx)
	if err != nil {
		return "", err
	}
	summary := fmt.Sprintf("%d observed (%d new, %d back), %d resolved", len(observed), len(sync.Opened), len(sync.Reopened), len(sync.Resolved))
	if overrides > 0 {
		summary += fmt.Sprintf(", %d automatic fixes undone", overrides)
	}
	if len(demoted) > 0 {
		summary += ", demoted to review: " + strings.Join(demoted, ", ")
	}
	return summary, nil
}

// driftBack records the automatic fixes the cloud drifted back from: a
// changed attribute at an address where an earlier run applied a fix of
// the same class (tags excepted: a tag added in the console does not undo
// a required tag).
func (c *cycle) driftBack(ctx context.Context) (int, error) {
	if c.drift == nil {
		return 0, nil
	}
	var addrs []string
	for _, d := range c.drift.Items {
		if d.Kind == cloud.Changed && d.Address != "" {
			addrs = append(addrs, d.Address)
		}
	}
	if len(addrs) == 0 {
		return 0, nil
	}
	applied, err := c.st.AppliedFixesAt(ctx, c.proj.Name, addrs)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range c.drift.Items {
		for _, ch := range d.Changes {
			fx, ok := applied[d.Address][ch.Class]
			if !ok || ch.Class == string(fixers.ClassTags) {
				continue
			}
			inserted, err := c.st.RecordOverride(ctx, store.Override{Project: c.proj.Name, Fingerprint: fx.Fingerprint, Class: fx.Class, FixRunID: fx.RunID, How: store.OverrideDriftBack})
			if err != nil {
				return n, err
			}
			if inserted {
				n++
			}
		}
	}
	return n, nil
}

// resolvedNow are the fingerprints this run resolved itself: fixed,
// applied and verified, with the fix in the code people run from (in
// place, or committed to the default branch).
func (c *cycle) resolvedNow() map[string]bool {
	out := map[string]bool{}
	if c.fix == nil || c.applied == nil || !c.applied.Applied || !c.applied.Verified {
		return out
	}
	if c.checkout != nil && (c.rep.Commit == "" || c.checkout.branch != "") {
		return out // the fix waits for review in a branch
	}
	for _, f := range c.fix.Result.Fixed {
		out[f.Fingerprint()] = true
	}
	return out
}

// observations are the findings and drift the run saw, less those it
// resolved itself.
func (c *cycle) observations(resolvedNow map[string]bool) []store.Observation {
	var out []store.Observation
	for _, f := range c.findings {
		fp := f.Fingerprint()
		if resolvedNow[fp] {
			continue
		}
		s := c.scorer.Finding(f)
		out = append(out, store.Observation{Fingerprint: fp, Rule: f.Rule, Severity: string(f.Severity), Class: string(f.Class),
			Address: f.Address, File: f.File, Line: f.Line, Kind: store.KindMisconfiguration, Priority: s.Value, PriorityReasons: s.Reasons})
	}
	if c.drift == nil {
		return out
	}
	for _, d := range c.drift.Items {
		s := c.scorer.Drift(d)
		sev, _ := priority.DriftSeverity(d)
		addr := d.Address
		if addr == "" {
			addr = d.Type + "." + d.ID
		}
		if d.Kind != cloud.Changed {
			out = append(out, store.Observation{Fingerprint: driftFingerprint(d, ""), Rule: "drift-" + string(d.Kind), Severity: string(sev),
				Class: d.Class, Address: addr, Kind: store.KindDrift, Priority: s.Value, PriorityReasons: s.Reasons})
			continue
		}
		for _, ch := range d.Changes {
			out = append(out, store.Observation{Fingerprint: driftFingerprint(d, ch.Path), Rule: "drift-changed", Severity: string(sev),
				Class: ch.Class, Address: addr + " " + ch.Path, Kind: store.KindDrift, Priority: s.Value, PriorityReasons: s.Reasons})
		}
	}
	return out
}

// driftFingerprint identifies a drifted attribute (or a deleted or
// unmanaged resource) across runs.
func driftFingerprint(d cloud.Drift, path string) string {
	who := d.Address
	if who == "" {
		who = d.Type + "\x00" + d.ID
	}
	sum := sha256.Sum256([]byte("drift\x00" + string(d.Kind) + "\x00" + who + "\x00" + path))
	return hex.EncodeToString(sum[:12])
}

// fixRecords are the fixes this run made in the code.
func (c *cycle) fixRecords(resolvedNow map[string]bool) []store.Fix {
	if c.fix == nil || c.req.DryRun {
		return nil
	}
	applied := c.applied != nil && c.applied.Applied && c.applied.Verified
	branch := ""
	if c.checkout != nil {
		branch = c.checkout.branch
	}
	var out []store.Fix
	for _, f := range c.fix.Result.Fixed {
		out = append(out, store.Fix{RunID: c.id, Project: c.proj.Name, Fingerprint: f.Fingerprint(), Rule: f.Rule, Class: string(f.Class),
			Address: f.Address, Kind: store.KindMisconfiguration, Applied: applied, Branch: branch, PullRequestURL: c.rep.PullRequest})
	}
	return out
}

// demotions are the classes the learning gate has demoted for the
// project, with why.
func (c *cycle) demotions(ctx context.Context) (map[fixers.Class]string, error) {
	ds, err := c.st.ActiveDemotions(ctx, c.proj.Name)
	if err != nil {
		return nil, err
	}
	out := map[fixers.Class]string{}
	for _, d := range ds {
		out[fixers.Class(d.Class)] = fmt.Sprintf("%s (since %s; `driftfix promote -p %s --class %s` re-promotes it)", d.Reason, d.DemotedAt.Format("2006-01-02"), d.Project, d.Class)
	}
	return out, nil
}

// learn demotes to review, for this project, each class whose automatic
// fixes people undid too often: at least learning.min_fixes applied fixes
// since the window's start (or the class's last re-promotion), and
// overrides at or above learning.override_rate of them.
func (c *cycle) learn(ctx context.Context) ([]string, error) {
	l := c.r.Config.Learning()
	since := c.now().Add(-l.Window)
	overrides, err := c.st.Overrides(ctx, c.proj.Name, since, c.now().Add(time.Second))
	if err != nil {
		return nil, err
	}
	byClass := map[string][]store.Override{}
	for _, o := range overrides {
		byClass[o.Class] = append(byClass[o.Class], o)
	}
	var demoted []string
	for _, class := range sortedKeys(byClass) {
		from := since
		promoted, err := c.st.LastPromotion(ctx, c.proj.Name, class)
		if err != nil {
			return nil, err
		}
		if promoted.After(from) {
			from = promoted
		}
		n := 0
		for _, o := range byClass[class] {
			if !o.DetectedAt.Before(from) {
				n++
			}
		}
		counts, err := c.st.AppliedFixCounts(ctx, c.proj.Name, from)
		if err != nil {
			return nil, err
		}
		applied := counts[class]
		if applied < l.MinFixes || float64(n) < l.OverrideRate*float64(applied) {
			continue
		}
		reason := fmt.Sprintf("people undid %d of its %d automatic fixes since %s", n, applied, from.UTC().Format("2006-01-02"))
		if _, inserted, err := c.st.Demote(ctx, c.proj.Name, class, reason); err != nil {
			return nil, err
		} else if inserted {
			demoted = append(demoted, class)
			c.send(ctx, notify.Event{Kind: notify.Demotion, Project: c.proj.Name, Title: fmt.Sprintf("class %s now needs review", class), Lines: []string{reason}})
		}
	}
	return demoted, nil
}

// notify tells people what the run did.
func (c *cycle) notify(ctx context.Context) {
	switch {
	case c.rep.Status == string(store.StatusFailed):
		c.send(ctx, notify.Event{Kind: notify.Failure, Project: c.proj.Name, Title: fmt.Sprintf("run %d failed", c.id), Lines: []string{c.rep.Error}})
	case c.rep.Applied:
		c.send(ctx, notify.Event{Kind: notify.Applied, Project: c.proj.Name, Title: fmt.Sprintf("applied %d changes (run %d)", len(c.plan.Record.Classification.Changes), c.id), Lines: c.rep.Reasons, Link: c.rep.PullRequest})
	case c.rep.Decision == string(store.DecisionReview) && !c.req.DryRun:
		c.send(ctx, notify.Event{Kind: notify.Review, Project: c.proj.Name, Title: fmt.Sprintf("a plan needs review (run %d)", c.id), Lines: c.rep.Reasons, Link: c.rep.PullRequest})
	}
	if c.rep.Drifted > 0 && c.scorer != nil {
		var lines []string // most urgent first
		for _, rd := range c.scorer.Drifts(c.drift.Items) {
			d := rd.Drift
			lines = append(lines, fmt.Sprintf("%s %s %s (priority %d)", d.Kind, d.Type, firstNonEmpty(d.Address, d.ID), rd.Priority.Value))
		}
		c.send(ctx, notify.Event{Kind: notify.Drift, Project: c.proj.Name, Title: driftSummary(c.drift.Items), Lines: lines})
	}
}

func (c *cycle) send(ctx context.Context, e notify.Event) {
	if err := c.hook.Send(ctx, e); err != nil {
		c.log.Warn("notification not sent", "err", err)
	}
}

// webhookFrom reads the notification webhook URL from the variable or the
// file the config names; none set means no notifications.
func webhookFrom(n config.Notifications, root string) (*notify.Webhook, error) {
	url := ""
	switch {
	case n.WebhookURLFile != "":
		p := n.WebhookURLFile
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("webhook_url_file: %w", err)
		}
		url = strings.TrimSpace(string(b))
	case n.WebhookURLEnv != "":
		url = strings.TrimSpace(os.Getenv(n.WebhookURLEnv))
	}
	if url == "" {
		return nil, nil
	}
	var kinds []notify.Kind
	for _, e := range n.Events {
		kinds = append(kinds, notify.Kind(e))
	}
	return notify.New(url, kinds...)
}
