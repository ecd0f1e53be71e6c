package store

import (
	"fmt"
	"slices"
)

// Trigger is what started a run.
type Trigger string

// Triggers.
const (
	TriggerSchedule    Trigger = "schedule"
	TriggerManual      Trigger = "manual"
	TriggerPullRequest Trigger = "pull_request"
	TriggerComment     Trigger = "comment"
)

// Status is where a run or a step stands.
type Status string

// Statuses. A run that a schedule tick did not start because another run
// of its project was still going is recorded as StatusSkipped, with the
// reason.
const (
	StatusRunning   Status = "running"
	StatusSucceeded Status = "succeeded"
	StatusFailed    Status = "failed"
	StatusCancelled Status = "cancelled"
	StatusSkipped   Status = "skipped"
)

// Decision is what the policy gate decided for a run's plan.
type Decision string

// Decisions. DecisionNone is a run that reached no decision (nothing to
// change, or it stopped before the gate).
const (
	DecisionAutoApply Decision = "auto-apply"
	DecisionReview    Decision = "review"
	DecisionNone      Decision = "none"
)

// StepName names one step of a run, in the order a full cycle takes them.
type StepName string

// Step names.
const (
	StepCheckout    StepName = "checkout"
	StepLoad        StepName = "load"
	StepDrift       StepName = "drift"
	StepCheck       StepName = "check"
	StepKeys        StepName = "keys"
	StepFix         StepName = "fix"
	StepWrite       StepName = "write"
	StepPlan        StepName = "plan"
	StepClassify    StepName = "classify"
	StepGate        StepName = "gate"
	StepApply       StepName = "apply"
	StepPullRequest StepName = "pull_request"
	StepCommit      StepName = "commit"
	StepPush        StepName = "push"
	StepRecord      StepName = "record"
)

// Kind says whether a finding is about the code or about the cloud.
type Kind string

// Finding kinds.
const (
	KindMisconfiguration Kind = "misconfiguration"
	KindDrift            Kind = "drift"
)

// Resolution is how a finding stopped being observed.
type Resolution string

// Resolutions. ResolutionFixedByHand is the default for a finding that is
// simply gone: nobody told the store that driftfix fixed it.
const (
	ResolutionAutoApplied Resolution = "auto_applied"
	ResolutionPRMerged    Resolution = "pr_merged"
	ResolutionFixedByHand Resolution = "fixed_by_hand"
	ResolutionIgnored     Resolution = "ignored"
)

// OverrideHow is how the store learnt that a person undid a fix.
type OverrideHow string

// Ways an override is detected.
const (
	OverrideGitRevert OverrideHow = "git_revert" // the fix commit was reverted in git
	OverrideDriftBack OverrideHow = "drift_back" // the cloud drifted back to the old value
)

var (
	knownTriggers     = []Trigger{TriggerSchedule, TriggerManual, TriggerPullRequest, TriggerComment}
	knownStatuses     = []Status{StatusRunning, StatusSucceeded, StatusFailed, StatusCancelled, StatusSkipped}
	knownDecisions    = []Decision{DecisionAutoApply, DecisionReview, DecisionNone}
	knownSteps        = []StepName{StepCheckout, StepLoad, StepDrift, StepCheck, StepKeys, StepFix, StepWrite, StepPlan, StepClassify, StepGate, StepApply, StepPullRequest, StepCommit, StepPush, StepRecord}
	knownKinds        = []Kind{KindMisconfiguration, KindDrift}
	knownResolutions  = []Resolution{ResolutionAutoApplied, ResolutionPRMerged, ResolutionFixedByHand, ResolutionIgnored}
	knownOverrideHows = []OverrideHow{OverrideGitRevert, OverrideDriftBack}
)

// oneOf refuses a value that is not among the known ones, naming the field
// and what it may be.
func oneOf[T ~string](field string, v T, known []T) error {
	if slices.Contains(known, v) {
		return nil
	}
	return fmt.Errorf("%w %s %q (want one of %v)", ErrInvalid, field, string(v), known)
}

// required refuses an empty string field.
func required(field, v string) error {
	if v == "" {
		return fmt.Errorf("%w: %s is empty", ErrInvalid, field)
	}
	return nil
}
