package secrets

// Kind is what a secret is.
type Kind string

// The kinds of secret detected.
const (
	AWSAccessKeyID Kind = "aws-access-key-id"
	AWSSecretKey   Kind = "aws-secret-access-key"
	PrivateKey     Kind = "private-key"
	GitHubToken    Kind = "github-token"
	GitLabToken    Kind = "gitlab-token"
	SlackToken     Kind = "slack-token"
	SlackWebhook   Kind = "slack-webhook"
	StripeKey      Kind = "stripe-key"
	GoogleAPIKey   Kind = "google-api-key"
	NPMToken       Kind = "npm-token"
	SendGridKey    Kind = "sendgrid-key"
	JWT            Kind = "jwt"
	URLPassword    Kind = "url-password"
	Password       Kind = "password"
	HighEntropy    Kind = "high-entropy"
)

// Kinds lists every kind, formats first.
var Kinds = []Kind{AWSAccessKeyID, AWSSecretKey, PrivateKey, GitHubToken, GitLabToken, SlackToken, SlackWebhook,
	StripeKey, GoogleAPIKey, NPMToken, SendGridKey, JWT, URLPassword, Password, HighEntropy}

var descriptions = map[Kind]string{
	AWSAccessKeyID: "an AWS access key ID",
	AWSSecretKey:   "an AWS secret access key",
	PrivateKey:     "a private key",
	GitHubToken:    "a GitHub token",
	GitLabToken:    "a GitLab token",
	SlackToken:     "a Slack token",
	SlackWebhook:   "a Slack webhook URL",
	StripeKey:      "a Stripe key",
	GoogleAPIKey:   "a Google API key",
	NPMToken:       "an npm token",
	SendGridKey:    "a SendGrid API key",
	JWT:            "a JSON web token",
	URLPassword:    "a password in a URL",
	Password:       "a secret value",
	HighEntropy:    "a high-entropy string that looks like a key",
}

// Describe says what the kind is, for a message: "an AWS access key ID".
func (k Kind) Describe() string {
	if d, ok := descriptions[k]; ok {
		return d
	}
	return "a secret"
}
