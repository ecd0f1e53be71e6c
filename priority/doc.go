// Package priority ranks findings and drift by what they put at stake, not
// only by the rule's severity: each gets a Score, a priority from 0 to 100
// with the reasons for it, so that runs, pull requests and notifications
// can fix what matters first, and a policy can send high-priority changes
// to review (see ReviewAbove).
//
// A score adds up points (Rules, from driftfix.hcl's priority block or
// its defaults):
//
//   - the severity: a finding's own, or for drift the highest severity of
//     the rules of its fix class (DriftSeverity);
//   - internet-facing: the resource, or one it is attached to, is reachable
//     from the internet — a public IP (associate_public_ip_address, an
//     Elastic IP, a subnet that maps public IPs), ingress from 0.0.0.0/0 or
//     ::/0 in a security group it is or uses (inline, aws_security_group_rule
//     or aws_vpc_security_group_ingress_rule), a public bucket (a public ACL
//     or grant, a bucket policy for Principal "*", no public access block or
//     one that leaves a setting off), publicly_accessible = true, a load
//     balancer that is not internal;
//   - sensitive data and critical service: the resource, what it configures
//     (a bucket's versioning, a security group rule's group, an Elastic IP's
//     instance) or what it guards (the instances and databases behind a
//     security group, an instance's volumes) carries a configured tag, such
//     as data-classification = pii or criticality = high;
//   - the environment: prod weighs more than staging, staging more than dev.
//
// The sum is kept within 0–100. Each signal counts once however many
// reasons it has, and a signal worth 0 points is left out of the reasons.
//
// The context comes from the code (an iac.Module: static attribute values
// and the references between resources) and, where drift has read it, the
// live cloud (cloud.Resource attributes, joined to the code's addresses
// through Terraform state or identifying attributes such as a bucket's
// name). Either may be missing. A fact only the live cloud shows is marked
// "(live)".
//
// Reasons name resources by address (or, for a resource only the cloud
// knows, by type and ID), the tags that matched, the open CIDR and the
// ports; never any other attribute value, so a reason cannot carry a
// secret.
package priority
