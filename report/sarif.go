package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/driftfix/driftfix/fixers"
)

// SARIF 2.1.0 output, in the shape GitHub code scanning accepts: one run,
// the rules that ran as reportingDescriptors (with security-severity so
// GitHub ranks them), one result per finding with a relative forward-slash
// URI, and load errors and warnings as tool execution notifications.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// fingerprintKey names driftfix's partial fingerprint: a hash of rule,
	// file, address and message, so that a finding keeps its identity when
	// lines move.
	fingerprintKey = "driftfixFinding/v2" // v2: rule, address, attribute (the JSON "fingerprint")
)

// securitySeverity is GitHub's 0–10 score per severity (its bands: over 9.0
// critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low).
var securitySeverity = map[fixers.Severity]string{
	fixers.Critical: "9.5",
	fixers.High:     "8.0",
	fixers.Medium:   "5.5",
	fixers.Low:      "3.0",
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s fixers.Severity) string {
	switch s {
	case fixers.Critical, fixers.High:
		return "error"
	case fixers.Medium:
		return "warning"
	}
	return "note"
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	HelpURI              string             `json:"helpUri"`
	Help                 sarifHelp          `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	Address string `json:"address"`
	Class   string `json:"class"`
	Fixable bool   `json:"fixable"`
	Reason  string `json:"reason,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

func renderSARIF(w io.Writer, s *Scan, opt Options) error {
	return writeJSON(w, newSARIF(s, opt.Version))
}

func newSARIF(s *Scan, version string) sarifLog {
	driver := sarifDriver{Name: "driftfix", InformationURI: RepoURL, Version: version, Rules: []sarifRule{}}
	index := map[string]int{}
	addRule := func(m fixers.Meta) int {
		if i, ok := index[m.ID]; ok {
			return i
		}
		index[m.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(m))
		return index[m.ID]
	}
	for _, m := range s.Rules {
		addRule(m)
	}
	results := []sarifResult{}
	for _, f := range s.Findings {
		// A finding of a rule not listed still gets a descriptor, from what the
		// finding itself knows.
		i := addRule(fixers.Meta{ID: f.Rule, Title: f.Title, Severity: f.Severity, Class: f.Class, Refs: f.Refs})
		results = append(results, sarifResultOf(f, i))
	}
	notes := []sarifNotification{}
	for _, p := range s.Errors {
		notes = append(notes, sarifNotificationOf("error", p))
	}
	for _, p := range s.Warnings {
		notes = append(notes, sarifNotificationOf("warning", p))
	}
	return sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:        sarifTool{Driver: driver},
			Invocations: []sarifInvocation{{ExecutionSuccessful: len(s.Errors) == 0, ToolExecutionNotifications: notes}},
			Results:     results,
			ColumnKind:  "unicodeCodePoints",
		}},
	}
}

func sarifRuleOf(m fixers.Meta) sarifRule {
	title := m.Title
	if title == "" {
		title = m.ID
	}
	full := fullDescription(m)
	help := DocsURL(m)
	tags := []string{"security", "terraform", "aws"}
	if m.Class != "" {
		tags = append(tags, string(m.Class))
	}
	return sarifRule{
		ID:               m.ID,
		Name:             ruleName(m.ID),
		ShortDescription: sarifText{Text: title},
		FullDescription:  sarifText{Text: full},
		HelpURI:          help,
		Help: sarifHelp{
			Text:     full + " See " + help,
			Markdown: helpMarkdown(m, title, help),
		},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(m.Severity)},
		Properties: sarifRuleProps{
			Tags:             tags,
			SecuritySeverity: securitySeverityOf(m.Severity),
			Precision:        "high",
		},
	}
}

func securitySeverityOf(s fixers.Severity) string {
	if v, ok := securitySeverity[s]; ok {
		return v
	}
	return securitySeverity[fixers.Medium]
}

// fullDescription says what the rule finds, how bad it is, whether driftfix
// fixes it, and which checks of other scanners it matches.
func fullDescription(m fixers.Meta) string {
	title := m.Title
	if title == "" {
		title = m.ID
	}
	var sb strings.Builder
	sb.WriteString(strings.TrimSuffix(title, ".") + ".")
	if m.Severity != "" {
		fmt.Fprintf(&sb, " Severity %s", m.Severity)
		if m.Class != "" {
			fmt.Fprintf(&sb, "; fix class %s (%s risk)", m.Class, fixers.DefaultRisk(m.Class))
		}
		sb.WriteString(".")
	}
	if m.NoFix != "" {
		fmt.Fprintf(&sb, " driftfix does not fix it: %s", strings.TrimSuffix(m.NoFix, "."))
		sb.WriteString(".")
	} else if len(m.Touches) > 0 {
		sb.WriteString(" `driftfix fix` fixes it in the Terraform code.")
	}
	if refs := refList(m.Refs); refs != "" {
		sb.WriteString(" Same check as " + refs + ".")
	}
	return sb.String()
}

func refList(r fixers.Refs) string {
	var parts []string
	if r.Trivy != "" {
		p := "trivy " + r.Trivy
		if r.Tfsec != "" {
			p += " (" + r.Tfsec + ")"
		}
		parts = append(parts, p)
	}
	if r.Checkov != "" {
		ids := append([]string{r.Checkov}, r.Also...)
		parts = append(parts, "checkov "+strings.Join(ids, ", "))
	}
	return strings.Join(parts, " and ")
}

func helpMarkdown(m fixers.Meta, title, help string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s**\n\n", title)
	fmt.Fprintf(&sb, "| | |\n| --- | --- |\n")
	fmt.Fprintf(&sb, "| Rule | `%s` |\n", m.ID)
	if m.Severity != "" {
		fmt.Fprintf(&sb, "| Severity | %s |\n", m.Severity)
	}
	if m.Class != "" {
		fmt.Fprintf(&sb, "| Fix class | `%s` (%s risk) |\n", m.Class, fixers.DefaultRisk(m.Class))
	}
	switch {
	case m.NoFix != "":
		fmt.Fprintf(&sb, "| Fix | none: %s |\n", m.NoFix)
	case len(m.Touches) > 0:
		sb.WriteString("| Fix | `driftfix fix` |\n")
	}
	if m.Refs.Trivy != "" {
		fmt.Fprintf(&sb, "| trivy | `%s` |\n", m.Refs.Trivy)
	}
	if m.Refs.Checkov != "" {
		fmt.Fprintf(&sb, "| checkov | `%s` |\n", strings.Join(append([]string{m.Refs.Checkov}, m.Refs.Also...), "`, `"))
	}
	fmt.Fprintf(&sb, "\nSee the [rule documentation](%s).\n", help)
	return sb.String()
}

// ruleName turns a rule ID into the PascalCase name SARIF suggests:
// aws-s3-versioning → AwsS3Versioning.
func ruleName(id string) string {
	var sb strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		sb.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return sb.String()
}

func sarifResultOf(f fixers.Finding, ruleIndex int) sarifResult {
	msg := f.Message + " (" + f.Address + ")"
	props := sarifResultProps{Address: f.Address, Class: string(f.Class), Fixable: f.Fixable}
	if f.Fixable {
		msg += "; `driftfix fix` fixes it"
	} else {
		props.Reason = reason(f)
		msg += "; not fixable: " + props.Reason
	}
	region := &sarifRegion{StartLine: max(1, f.Line), StartColumn: f.Column}
	if e := f.Range.End; e.Line >= region.StartLine && f.Range.Start.Line == f.Line {
		region.EndLine = e.Line
		region.EndColumn = e.Column
	}
	return sarifResult{
		RuleID:    f.Rule,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Severity),
		Message:   sarifText{Text: msg},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: sarifArtifactLocation{URI: uri(f.File)},
			Region:           region,
		}}},
		PartialFingerprints: map[string]string{fingerprintKey: f.Fingerprint()},
		Properties:          props,
	}
}

func sarifNotificationOf(level string, p Problem) sarifNotification {
	n := sarifNotification{Level: level, Message: sarifText{Text: p.Message}}
	if p.File != "" {
		loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uri(p.File)}}}
		if p.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: p.Line, StartColumn: p.Column}
		}
		n.Locations = []sarifLocation{loc}
	}
	return n
}

// uri makes a SARIF URI reference of a slash path: forward slashes, and
// characters that are not allowed in a URI escaped.
func uri(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	var sb strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"%<>\^`+"`{|}#?[]", c) >= 0 {
			fmt.Fprintf(&sb, "%%%02X", c)
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}
