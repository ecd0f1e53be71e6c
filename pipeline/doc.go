// Package pipeline is the only place where driftfix's stages are wired:
// load → check → fix → plan → classify → gate → apply, and state + cloud →
// drift → codify. Each use case is one exported function in the file of
// its name, taking a request as the command line (or, later, the runner
// and the server) gives it and returning a report to render:
//
//	Scan      scan.go      every root module below a directory, checked
//	Fix       fix.go       every safe fix, written all-or-nothing
//	Classify  classify.go  a plan JSON made elsewhere, judged
//	Plan      plan.go      terraform plan, classified and judged, saved
//	Apply     apply.go     the saved plan and nothing else, verified
//	Drift     drift.go     state vs the live cloud, classified, codified
//	Run       run.go       one full cycle, every step in the store
//	Serve     serve.go     every project's schedule, and the dashboard
//	Promote   promote.go   a demoted class may auto-apply again
//	Report    report.go    the remediation metrics from the history
//
// Resolve (target.go) finds a project and the config that governs it;
// selection.go turns rule flags into config overrides. No stage calls
// another stage directly.
package pipeline
