package fixers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/driftfix/driftfix/iac"
)

// eksControlPlaneLogging: an EKS cluster sends every control-plane log
// (API server, audit, authenticator, controller manager, scheduler) to
// CloudWatch Logs, so who did what to the cluster can be found.
var eksControlPlaneLogging = Rule{Meta: eksControlPlaneLoggingMeta, Check: checkEKSControlPlaneLogging}

var eksControlPlaneLoggingMeta = Meta{
	ID:            "aws-eks-control-plane-logging",
	Title:         "EKS cluster does not log every control-plane component",
	Severity:      Medium,
	Class:         ClassLogging,
	ResourceTypes: []string{"aws_eks_cluster"},
	Touches: []Touch{
		{ResourceType: "aws_eks_cluster", Paths: []string{"enabled_cluster_log_types"}, Safe: SafeSet()},
	},
	Refs: Refs{Trivy: "AVD-AWS-0038", Tfsec: "aws-eks-enable-control-plane-logging", Checkov: "CKV_AWS_37"},
}

// eksLogTypes are the control-plane log types, in the order AWS lists them.
var eksLogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

func checkEKSControlPlaneLogging(in *Input) []Finding {
	m := eksControlPlaneLoggingMeta
	var out []Finding
	for _, r := range resources(in.Module, "aws_eks_cluster") {
		b := r.Block
		have, st := b.Strings("enabled_cluster_log_types")
		if st == iac.Unknown {
			continue
		}
		on := map[string]bool{}
		for _, t := range have {
			on[t] = true
		}
		list := append([]string(nil), have...)
		var missing []string
		for _, t := range eksLogTypes {
			if !on[t] {
				missing = append(missing, t)
				list = append(list, t)
			}
		}
		if len(missing) == 0 {
			continue
		}
		quoted := make([]string, len(list))
		for i, t := range list {
			quoted[i] = strconv.Quote(t)
		}
		expr := "[" + strings.Join(quoted, ", ") + "]"
		msg := "enabled_cluster_log_types is not set, so no control-plane log is kept"
		if st == iac.Known {
			msg = fmt.Sprintf("enabled_cluster_log_types leaves out %s", strings.Join(missing, ", "))
		}
		out = append(out, m.New(r, rangeOf(b, "enabled_cluster_log_types"), msg,
			func(ed *iac.Editor) error { return ed.SetAttr(m.ID, b, "enabled_cluster_log_types", expr) }, ""))
	}
	return out
}
