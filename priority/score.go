package priority

import (
	"fmt"
	"strings"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/iac/tfstate"
)

// Context is what a priority is computed from besides the finding or drift
// item itself. Every field is optional.
type Context struct {
	// Module is the project's code.
	Module *iac.Module
	// Live are the live resources drift read.
	Live []cloud.Resource
	// State is the Terraform state drift compared, which joins the code's
	// addresses to live IDs. Without it, resources are joined by the
	// attributes that name them (a bucket's name, a DB identifier).
	State []tfstate.Resource
	// Environment is the project's environment.
	Environment string
}

// Score is a priority: a value from 0 to 100 and the reasons for it, in
// the order severity, internet-facing, sensitive data, critical service,
// environment.
type Score struct {
	Value   int      `json:"value"`
	Reasons []string `json:"reasons"`
	// Signals are the points each part added (or took away), in the order
	// of the reasons: the severity always, the context and the environment
	// when they are worth points.
	Signals []Signal `json:"signals"`
}

// Signal is the points one part of a score added.
type Signal struct {
	// Name is severity, internet-facing, sensitive-data, critical-service
	// or environment.
	Name   string `json:"name"`
	Points int    `json:"points"`
}

// String renders the score as "85 (severity critical; internet-facing: …)".
func (s Score) String() string {
	if len(s.Reasons) == 0 {
		return fmt.Sprint(s.Value)
	}
	return fmt.Sprintf("%d (%s)", s.Value, strings.Join(s.Reasons, "; "))
}

// maxReasons bounds the reasons one signal lists; the rest are counted.
const maxReasons = 3

// signal is a context signal.
type signal int

const (
	internetFacing signal = iota
	sensitiveData
	criticalService
)

var signals = []signal{internetFacing, sensitiveData, criticalService}

// label is how a reason starts.
func (s signal) label() string {
	return [...]string{"internet-facing", "sensitive data", "critical service"}[s]
}

// name is the Signal name.
func (s signal) name() string {
	return [...]string{"internet-facing", "sensitive-data", "critical-service"}[s]
}

// fact is one piece of evidence for a signal: "aws_security_group.web
// allows 0.0.0.0/0 on tcp port 22 (used by aws_instance.web)".
type fact struct {
	sig   signal
	about string // the resource it is about, by address or type and ID
	text  string
	via   string // how it reaches the subject, or ""
	live  bool   // seen only in the live cloud
	tag   bool   // a tag of about
}

func (f fact) key() string { return fmt.Sprint(f.sig, "\x00", f.about, "\x00", f.text) }

// reason renders the fact for a subject named subject.
func (f fact) reason(subject string) string {
	var b strings.Builder
	b.WriteString(f.sig.label())
	b.WriteString(": ")
	if !(f.tag && f.about == subject) {
		b.WriteString(f.about)
		if f.tag {
			b.WriteString(" has ")
		} else {
			b.WriteString(" ")
		}
	}
	b.WriteString(f.text)
	var notes []string
	if f.via != "" {
		notes = append(notes, f.via)
	}
	if f.live {
		notes = append(notes, "live")
	}
	if len(notes) > 0 {
		b.WriteString(" (" + strings.Join(notes, "; ") + ")")
	}
	return b.String()
}

// Scorer computes the priorities of many findings and drift items in one
// context, indexing the context once. It is not safe for concurrent use.
type Scorer struct {
	rules Rules
	ctx   Context
	code  *codeGraph // nil without a module
	live  *liveIndex
	// exposure memoises codeExposure: a security group's users are in the
	// scope of every finding on it.
	exposure map[*iac.Resource][]fact
}

// Scorer returns a scorer for ctx.
func (r Rules) Scorer(ctx Context) *Scorer {
	g := graphOf(ctx.Module)
	return &Scorer{rules: r, ctx: ctx, code: g, live: buildLive(ctx.Live, ctx.State, g), exposure: map[*iac.Resource][]fact{}}
}

// Finding returns the priority of one finding in ctx. To score many, use a
// Scorer.
func (r Rules) Finding(ctx Context, f fixers.Finding) Score { return r.Scorer(ctx).Finding(f) }

// Finding returns the priority of a finding: its severity, the context of
// the resource at its address, and the environment.
func (s *Scorer) Finding(f fixers.Finding) Score {
	sub := s.atAddress(f.Address)
	return s.score(f.Severity, "severity "+severityName(f.Severity), sub)
}

// Drift returns the priority of a drift item: the severity of its fix
// class (DriftSeverity), the context of the resource (by its address in
// the code and state, and by its type and ID live), and the environment.
func (s *Scorer) Drift(d cloud.Drift) Score {
	sev, why := DriftSeverity(d)
	sub := s.atAddress(d.Address)
	if l := s.live.byRef(d.Type, d.ID); l != nil {
		switch {
		case d.Kind == cloud.Unmanaged:
			// no address: whatever a name might join it to, no state has it
			sub = node{live: l}
		case sub.live == nil:
			sub.live = l
		}
	}
	if sub.addr == "" && sub.live == nil && d.ID != "" {
		sub.addr = d.Type + " " + d.ID // named, with no context
	}
	return s.score(sev, "severity "+severityName(sev)+" ("+why+")", sub)
}

func severityName(s fixers.Severity) string {
	if s.Rank() == 0 {
		return "unknown"
	}
	return string(s)
}

// node is one resource of the context: in the code, live, or both.
type node struct {
	addr string // its address, or "" for a live resource without one
	res  *iac.Resource
	live *cloud.Resource
}

func (n node) name() string {
	switch {
	case n.addr != "":
		return n.addr
	case n.res != nil:
		return n.res.Address()
	case n.live != nil:
		return n.live.Type + " " + n.live.ID
	}
	return ""
}

func (s *Scorer) atAddress(addr string) node {
	n := node{addr: addr, res: s.code.resource(addr), live: s.live.ofAddr[addr]}
	if n.live == nil && n.res != nil {
		n.live = s.live.ofAddr[n.res.Address()]
	}
	return n
}

func (s *Scorer) resNode(r *iac.Resource) node {
	return node{addr: r.Address(), res: r, live: s.live.ofAddr[r.Address()]}
}

func (s *Scorer) liveNode(l *cloud.Resource) node {
	addr := s.live.addrOf[l]
	return node{addr: addr, res: s.code.resource(addr), live: l}
}

// scope returns the resources whose context counts for subject: itself,
// what it configures (two steps up: an association's Elastic IP and that
// IP's instance), and what guards or is attached to any of those (the
// users of a security group, an instance's volumes, a volume's instance).
func (s *Scorer) scope(subject node) []node {
	var out []node
	seen := map[string]bool{}
	add := func(n node) {
		if k := n.name(); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	add(subject)
	for depth, from := 0, 0; depth < 2; depth++ {
		to := len(out)
		for _, n := range out[from:to] {
			for _, p := range s.parents(n) {
				add(p)
			}
		}
		from = to
	}
	upward := out // what behind adds is not followed further
	for _, n := range upward {
		for _, b := range s.behind(n) {
			add(b)
		}
	}
	return out
}

// parents are what n configures.
func (s *Scorer) parents(n node) []node {
	var out []node
	if n.res != nil && s.code != nil {
		for _, p := range s.code.parents[n.res] {
			out = append(out, s.resNode(p))
		}
	}
	if n.live != nil && strings.HasPrefix(n.live.Type, "aws_s3_bucket_") {
		b, _ := n.live.Attrs["bucket"].(string)
		if l := s.live.byRef("aws_s3_bucket", b); l != nil {
			out = append(out, s.liveNode(l))
		}
	}
	return out
}

// behind are the resources n guards or is attached to.
func (s *Scorer) behind(n node) []node {
	var out []node
	if n.res != nil && s.code != nil {
		for _, u := range s.code.users[n.res] {
			out = append(out, s.resNode(u))
		}
		for _, a := range s.code.attached(n.res) {
			out = append(out, s.resNode(a))
		}
	}
	if n.live != nil && n.live.Type == "aws_security_group" {
		for _, u := range s.live.sgUsers[n.live.ID] {
			if u != n.live {
				out = append(out, s.liveNode(u))
			}
		}
	}
	return out
}

// facts gathers the evidence for every signal about the scope of subject,
// the code's before the live cloud's, each fact once.
func (s *Scorer) facts(subject node) map[signal][]fact {
	out := map[signal][]fact{}
	seen := map[string]bool{}
	add := func(fs ...fact) {
		for _, f := range fs {
			if !seen[f.key()] {
				seen[f.key()] = true
				out[f.sig] = append(out[f.sig], f)
			}
		}
	}
	scope := s.scope(subject)
	for _, n := range scope {
		if n.res != nil && s.code != nil {
			exp, ok := s.exposure[n.res]
			if !ok {
				exp = s.code.codeExposure(n.res)
				s.exposure[n.res] = exp
			}
			add(exp...)
			tags := codeTags(s.code.m, n.res)
			for _, sig := range []signal{sensitiveData, criticalService} {
				add(tagFacts(sig, s.rules.tagRules(sig), n.name(), tags, false)...)
			}
		}
	}
	for _, n := range scope {
		if n.live != nil {
			add(s.live.liveExposure(n.live, n.name())...)
			tags := liveTags(n.live.Attrs)
			for _, sig := range []signal{sensitiveData, criticalService} {
				add(tagFacts(sig, s.rules.tagRules(sig), n.name(), tags, true)...)
			}
		}
	}
	return out
}

// score adds up a priority.
func (s *Scorer) score(sev fixers.Severity, sevReason string, subject node) Score {
	var sc Score
	total := 0
	part := func(name string, points int, reasons ...string) {
		total += points
		sc.Signals = append(sc.Signals, Signal{Name: name, Points: points})
		sc.Reasons = append(sc.Reasons, reasons...)
	}
	part("severity", s.rules.severityPoints(sev), sevReason)

	if subject.name() != "" {
		facts := s.facts(subject)
		for _, sig := range signals {
			points := s.rules.points(sig)
			fs := facts[sig]
			if points == 0 || len(fs) == 0 {
				continue
			}
			var reasons []string
			for i, f := range fs {
				if i == maxReasons {
					reasons = append(reasons, fmt.Sprintf("%s: %d more", sig.label(), len(fs)-maxReasons))
					break
				}
				reasons = append(reasons, f.reason(subject.name()))
			}
			part(sig.name(), points, reasons...)
		}
	}

	if points := s.rules.environmentPoints(s.ctx.Environment); points != 0 {
		part("environment", points, "environment "+s.ctx.Environment)
	}
	sc.Value = min(max(total, 0), 100)
	return sc
}
