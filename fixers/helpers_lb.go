package fixers

import "github.com/driftfix/driftfix/iac"

// lbTypes are the two names of an Elastic Load Balancing v2 load balancer.
var lbTypes = []string{"aws_lb", "aws_alb"}

// lbListenerTypes are the two names of its listener.
var lbListenerTypes = []string{"aws_lb_listener", "aws_alb_listener"}

// lbType returns the load balancer's type: application (the default),
// network or gateway; ok is false when it is not known.
func lbType(r *iac.Resource) (string, bool) {
	t, st := r.Block.String("load_balancer_type")
	switch st {
	case iac.Absent:
		return "application", true
	case iac.Known:
		return t, true
	}
	return "", false
}

// listenerLBType returns the type of the load balancer a listener belongs
// to; ok is false when it cannot be resolved.
func listenerLBType(m *iac.Module, l *iac.Resource) (string, bool) {
	lbs := m.Refs(l, "load_balancer_arn")
	if len(lbs) != 1 {
		return "", false
	}
	return lbType(lbs[0])
}
