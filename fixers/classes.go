package fixers

// Class is a fix class: the kind of change a fix (or a planned attribute
// change) makes. Each class has a default risk; see DESIGN.md.
type Class string

const (
	ClassTags               Class = "tags"
	ClassEncryptionAtRest   Class = "encryption-at-rest"
	ClassVersioning         Class = "versioning"
	ClassPublicAccessBlock  Class = "public-access-block"
	ClassLogging            Class = "logging"
	ClassKeyRotation        Class = "key-rotation"
	ClassDeletionProtection Class = "deletion-protection"
	ClassIMDS               Class = "imds"
	ClassTLS                Class = "tls"
	ClassNetworkExposure    Class = "network-exposure"
	ClassIAM                Class = "iam"
	ClassSecrets            Class = "secrets"
	ClassUnknown            Class = "unknown"
)

// Risk of a change.
type Risk string

const (
	RiskLow    Risk = "low"
	RiskMedium Risk = "medium"
	RiskHigh   Risk = "high"
)

// Classes lists the design's fix classes with their default risk, in order.
var Classes = []struct {
	Class Class
	Risk  Risk
}{
	{ClassTags, RiskLow},
	{ClassEncryptionAtRest, RiskLow},
	{ClassVersioning, RiskLow},
	{ClassPublicAccessBlock, RiskLow},
	{ClassLogging, RiskLow},
	{ClassKeyRotation, RiskLow},
	{ClassDeletionProtection, RiskLow},
	{ClassIMDS, RiskMedium},
	{ClassTLS, RiskMedium},
	{ClassNetworkExposure, RiskHigh},
	{ClassIAM, RiskHigh},
	{ClassSecrets, RiskHigh},
}

// DefaultRisk is the design's risk for a class; unknown classes are high.
func DefaultRisk(c Class) Risk {
	for _, x := range Classes {
		if x.Class == c {
			return x.Risk
		}
	}
	return RiskHigh
}

// KnownClass reports whether c is one of the design's classes.
func KnownClass(c Class) bool {
	for _, x := range Classes {
		if x.Class == c {
			return true
		}
	}
	return false
}
