package config

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// The blocks the runner and the server read: where the code comes from and
// goes back to (repository), how the server runs (server), whom it tells
// (notifications). Secrets never live in driftfix.hcl: a token or a webhook
// URL is named by the environment variable or the file that holds it.

// rawRepository is the repository { … } block.
type rawRepository struct {
	DefRange hcl.Range `hcl:",def_range"`

	URL               *string        `hcl:"url"`
	URLRange          hcl.Range      `hcl:"url,attr_value_range"`
	DefaultBranch     *string        `hcl:"default_branch,optional"`
	BranchRange       hcl.Range      `hcl:"default_branch,attr_value_range"`
	CommitMode        *string        `hcl:"commit_mode,optional"`
	CommitModeRange   hcl.Range      `hcl:"commit_mode,attr_value_range"`
	AuthorName        *string        `hcl:"author_name,optional"`
	AuthorEmail       *string        `hcl:"author_email,optional"`
	AuthorEmailRange  hcl.Range      `hcl:"author_email,attr_value_range"`
	TokenEnv          *string        `hcl:"token_env,optional"`
	TokenEnvRange     hcl.Range      `hcl:"token_env,attr_value_range"`
	TokenFile         *string        `hcl:"token_file,optional"`
	TokenFileRange    hcl.Range      `hcl:"token_file,attr_value_range"`
	CacheDir          *string        `hcl:"cache_dir,optional"`
	CacheDirRange     hcl.Range      `hcl:"cache_dir,attr_value_range"`
	PullRequestLabels hcl.Expression `hcl:"labels,optional"`
	GitHub            *string        `hcl:"github,optional"`
	GitHubRange       hcl.Range      `hcl:"github,attr_value_range"`
	GitHubAPIURL      *string        `hcl:"github_api_url,optional"`
	GitHubAPIURLRange hcl.Range      `hcl:"github_api_url,attr_value_range"`
	// A GitHub App installation instead of a token.
	AppID                *int64    `hcl:"app_id,optional"`
	AppIDRange           hcl.Range `hcl:"app_id,attr_value_range"`
	AppInstallationID    *int64    `hcl:"app_installation_id,optional"`
	AppInstallationRange hcl.Range `hcl:"app_installation_id,attr_value_range"`
	AppKeyFile           *string   `hcl:"app_private_key_file,optional"`
	AppKeyFileRange      hcl.Range `hcl:"app_private_key_file,attr_value_range"`
	AppKeyEnv            *string   `hcl:"app_private_key_env,optional"`
	AppKeyEnvRange       hcl.Range `hcl:"app_private_key_env,attr_value_range"`
}

// rawServer is the server { … } block.
type rawServer struct {
	DefRange hcl.Range `hcl:",def_range"`

	Listen           *string   `hcl:"listen,optional"`
	ListenRange      hcl.Range `hcl:"listen,attr_value_range"`
	Database         *string   `hcl:"database,optional"`
	DatabaseRange    hcl.Range `hcl:"database,attr_value_range"`
	Concurrency      *int      `hcl:"concurrency,optional"`
	ConcurrencyRange hcl.Range `hcl:"concurrency,attr_value_range"`
	MaxJitter        *string   `hcl:"max_jitter,optional"`
	MaxJitterRange   hcl.Range `hcl:"max_jitter,attr_value_range"`
}

// rawNotifications is the notifications { … } block.
type rawNotifications struct {
	DefRange hcl.Range `hcl:",def_range"`

	WebhookURLEnv       *string        `hcl:"webhook_url_env,optional"`
	WebhookURLEnvRange  hcl.Range      `hcl:"webhook_url_env,attr_value_range"`
	WebhookURLFile      *string        `hcl:"webhook_url_file,optional"`
	WebhookURLFileRange hcl.Range      `hcl:"webhook_url_file,attr_value_range"`
	Events              hcl.Expression `hcl:"events,optional"`
}

// rawLearning is the learning { … } block.
type rawLearning struct {
	DefRange hcl.Range `hcl:",def_range"`

	OverrideRate      *float64  `hcl:"override_rate,optional"`
	OverrideRateRange hcl.Range `hcl:"override_rate,attr_value_range"`
	Window            *string   `hcl:"window,optional"`
	WindowRange       hcl.Range `hcl:"window,attr_value_range"`
	MinFixes          *int      `hcl:"min_fixes,optional"`
	MinFixesRange     hcl.Range `hcl:"min_fixes,attr_value_range"`
}

// Learning is the learning gate: when people undo a class's automatic
// fixes in a project (revert them in git, or the cloud drifts back) at
// OverrideRate or more of at least MinFixes automatic fixes within Window,
// the class is demoted to review for that project until a person
// re-promotes it.
type Learning struct {
	OverrideRate float64
	Window       time.Duration
	MinFixes     int
}

// The learning gate's defaults.
const (
	DefaultOverrideRate = 0.25
	DefaultLearnWindow  = 30 * 24 * time.Hour
	DefaultMinFixes     = 4
)

// Learning returns the learning gate's settings, defaults applied.
func (c *Config) Learning() Learning {
	if c.learning == nil {
		return Learning{OverrideRate: DefaultOverrideRate, Window: DefaultLearnWindow, MinFixes: DefaultMinFixes}
	}
	return *c.learning
}

func (rl *rawLearning) validate() (Learning, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	l := Learning{OverrideRate: DefaultOverrideRate, Window: DefaultLearnWindow, MinFixes: DefaultMinFixes}
	if rl.OverrideRate != nil {
		l.OverrideRate = *rl.OverrideRate
		if l.OverrideRate <= 0 || l.OverrideRate > 1 {
			diags = append(diags, errorAt(rl.OverrideRateRange, "Invalid rate", "override_rate is %v; want a share above 0 and at most 1, such as 0.25.", l.OverrideRate))
		}
	}
	if rl.Window != nil {
		d, err := time.ParseDuration(*rl.Window)
		if err != nil || d <= 0 {
			diags = append(diags, errorAt(rl.WindowRange, "Invalid duration", "window is %q; want a positive duration such as \"720h\".", *rl.Window))
		} else {
			l.Window = d
		}
	}
	if rl.MinFixes != nil {
		l.MinFixes = *rl.MinFixes
		if l.MinFixes < 1 {
			diags = append(diags, errorAt(rl.MinFixesRange, "Invalid count", "min_fixes is %d; want at least 1.", l.MinFixes))
		}
	}
	return l, diags
}

// Repository says where the runner checks the code out and how it gives
// its fixes back. Without the block the runner works in place: the
// directory of driftfix.hcl is the checkout, and nothing is pushed.
type Repository struct {
	// URL is what git clones: https://…, ssh://…, git@host:path or a path.
	URL string
	// DefaultBranch is the branch fixes go to ("" = the remote's HEAD).
	DefaultBranch string
	// CommitMode is "pr" (a branch and a pull request, the default) or
	// "direct" (a commit to the default branch, only after an auto-apply
	// was verified).
	CommitMode string
	// Author is who the commits are by (committer too).
	AuthorName, AuthorEmail string
	// TokenEnv and TokenFile name where the git/GitHub token is; the token
	// itself is never in the file.
	TokenEnv, TokenFile string
	// CacheDir holds the clone ("" = .driftfix/repos next to driftfix.hcl).
	CacheDir string
	// Labels go on the pull requests driftfix opens.
	Labels []string
	// GitHub is the repository ("owner/name") where driftfix opens pull
	// requests for review ("" = none: the branch is pushed, and people
	// open the pull request); GitHubAPIURL a GitHub Enterprise Server's
	// address ("" = github.com). The token is token_env or token_file.
	GitHub, GitHubAPIURL string
	// App, when not nil, authenticates to GitHub as an App installation
	// instead of with the token (git still uses token_env or token_file,
	// when given).
	App *GitHubApp
}

// GitHubApp is a GitHub App installation driftfix acts as: its id, the
// installation's id, and where the app's private key (PEM) is.
type GitHubApp struct {
	ID, InstallationID            int64
	PrivateKeyFile, PrivateKeyEnv string
}

// Server says how `driftfix serve` runs.
type Server struct {
	// Listen is the HTTP address (default 127.0.0.1:8080).
	Listen string
	// Database is the store: a SQLite file (default .driftfix/driftfix.db,
	// relative to driftfix.hcl) or a postgres:// URL without a password
	// (give the password in PGPASSWORD or ~/.pgpass).
	Database string
	// Concurrency is how many runs may go at once (default 2).
	Concurrency int
	// MaxJitter spreads the projects of one schedule over this much time
	// (default 1m), each by a fixed offset derived from its name.
	MaxJitter time.Duration
}

// Notifications says whom the runner tells, and about what.
type Notifications struct {
	// WebhookURLEnv and WebhookURLFile name where the Slack-compatible
	// incoming-webhook URL is (the URL is a secret; default: the
	// environment variable DRIFTFIX_NOTIFY_WEBHOOK). Without a URL nothing
	// is sent.
	WebhookURLEnv, WebhookURLFile string
	// Events are the kinds sent: apply, review, failure, drift, demotion,
	// leaked_key (default all).
	Events []string
}

// The runner defaults.
const (
	DefaultListen        = "127.0.0.1:8080"
	DefaultDatabase      = ".driftfix/driftfix.db"
	DefaultConcurrency   = 2
	DefaultMaxJitter     = time.Minute
	DefaultAuthorName    = "driftfix"
	DefaultAuthorEmail   = "driftfix@localhost"
	DefaultWebhookURLEnv = "DRIFTFIX_NOTIFY_WEBHOOK"
)

// NotifyEvents are the event kinds notifications may name.
var NotifyEvents = []string{"apply", "review", "failure", "drift", "demotion", "leaked_key"}

// Repository returns the repository block; ok is false without one.
func (c *Config) Repository() (Repository, bool) {
	if c.repository == nil {
		return Repository{}, false
	}
	r := *c.repository
	r.Labels = slices.Clone(r.Labels)
	if r.App != nil {
		app := *r.App
		r.App = &app
	}
	return r, true
}

// Server returns the server settings, defaults applied.
func (c *Config) Server() Server {
	if c.server == nil {
		return defaultServer()
	}
	return *c.server
}

// Notifications returns the notification settings, defaults applied.
func (c *Config) Notifications() Notifications {
	n := defaultNotifications()
	if c.notifications != nil {
		n = *c.notifications
	}
	n.Events = slices.Clone(n.Events)
	return n
}

func defaultServer() Server {
	return Server{Listen: DefaultListen, Database: DefaultDatabase, Concurrency: DefaultConcurrency, MaxJitter: DefaultMaxJitter}
}

func defaultNotifications() Notifications {
	return Notifications{WebhookURLEnv: DefaultWebhookURLEnv, Events: slices.Clone(NotifyEvents)}
}

// validateRunner validates the runner's blocks (each at most once).
func (r *rawFile) validateRunner(c *Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	once := func(name string, i int, rng, first hcl.Range) bool {
		if i > 0 {
			diags = append(diags, errorAt(rng, "Duplicate "+name+" block", "Only one %s block is allowed; the first is at %s.", name, first))
			return false
		}
		return true
	}
	for i, rr := range r.Repositories {
		if once("repository", i, rr.DefRange, r.Repositories[0].DefRange) {
			repo, d := rr.validate()
			diags = append(diags, d...)
			c.repository = &repo
		}
	}
	for i, rs := range r.Servers {
		if once("server", i, rs.DefRange, r.Servers[0].DefRange) {
			s, d := rs.validate()
			diags = append(diags, d...)
			c.server = &s
		}
	}
	for i, rl := range r.Learning {
		if once("learning", i, rl.DefRange, r.Learning[0].DefRange) {
			l, d := rl.validate()
			diags = append(diags, d...)
			c.learning = &l
		}
	}
	for i, rw := range r.Webhooks {
		if once("webhooks", i, rw.DefRange, r.Webhooks[0].DefRange) {
			w, d := rw.validate()
			diags = append(diags, d...)
			c.webhooks = &w
			diags = append(diags, c.validateWebhooks(rw.DefRange)...)
		}
	}
	for i, rn := range r.Notifications {
		if once("notifications", i, rn.DefRange, r.Notifications[0].DefRange) {
			n, d := rn.validate()
			diags = append(diags, d...)
			c.notifications = &n
		}
	}
	return diags
}

func (rr *rawRepository) validate() (Repository, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	repo := Repository{CommitMode: "pr", AuthorName: DefaultAuthorName, AuthorEmail: DefaultAuthorEmail}
	if rr.URL == nil {
		diags = append(diags, errorAt(rr.DefRange, "Missing required argument", "The argument \"url\" is required: the repository the runner clones."))
	} else {
		repo.URL = *rr.URL
		if msg := checkRepoURL(repo.URL); msg != "" {
			diags = append(diags, errorAt(rr.URLRange, "Invalid repository URL", "url %s.", msg))
		}
	}
	if rr.DefaultBranch != nil {
		repo.DefaultBranch = *rr.DefaultBranch
		if b := repo.DefaultBranch; b == "" || strings.ContainsAny(b, " ~^:?*[\\") || strings.HasPrefix(b, "-") || strings.Contains(b, "..") {
			diags = append(diags, errorAt(rr.BranchRange, "Invalid branch", "default_branch %q is not a valid git branch name.", b))
		}
	}
	if rr.CommitMode != nil {
		repo.CommitMode = *rr.CommitMode
		if !slices.Contains([]string{"pr", "direct"}, repo.CommitMode) {
			diags = append(diags, errorAt(rr.CommitModeRange, "Invalid commit mode", "commit_mode is %q; want \"pr\" or \"direct\".", repo.CommitMode))
		}
	}
	if rr.AuthorName != nil && *rr.AuthorName != "" {
		repo.AuthorName = *rr.AuthorName
	}
	if rr.AuthorEmail != nil {
		repo.AuthorEmail = *rr.AuthorEmail
		if !strings.Contains(repo.AuthorEmail, "@") || strings.ContainsAny(repo.AuthorEmail, " <>") {
			diags = append(diags, errorAt(rr.AuthorEmailRange, "Invalid email", "author_email %q is not an email address.", repo.AuthorEmail))
		}
	}
	if rr.TokenEnv != nil {
		repo.TokenEnv = *rr.TokenEnv
		if msg := checkEnvName(repo.TokenEnv); msg != "" {
			diags = append(diags, errorAt(rr.TokenEnvRange, "Invalid environment variable", "token_env %s.", msg))
		}
	}
	if rr.TokenFile != nil {
		repo.TokenFile = *rr.TokenFile
		if repo.TokenFile == "" {
			diags = append(diags, errorAt(rr.TokenFileRange, "Invalid file", "token_file must not be empty."))
		}
	}
	if repo.TokenEnv != "" && repo.TokenFile != "" {
		diags = append(diags, errorAt(rr.TokenFileRange, "Two token sources", "Give token_env or token_file, not both."))
	}
	if rr.CacheDir != nil {
		repo.CacheDir = *rr.CacheDir
	}
	if rr.GitHub != nil {
		repo.GitHub = *rr.GitHub
		owner, name, ok := strings.Cut(repo.GitHub, "/")
		if !ok || owner == "" || name == "" || strings.ContainsAny(name, "/ ") || strings.ContainsAny(owner, " ") {
			diags = append(diags, errorAt(rr.GitHubRange, "Invalid repository", "github is %q; want OWNER/NAME, such as \"acme/infra\".", repo.GitHub))
		}
	}
	if rr.GitHubAPIURL != nil {
		repo.GitHubAPIURL = *rr.GitHubAPIURL
		if u, err := url.Parse(repo.GitHubAPIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			diags = append(diags, errorAt(rr.GitHubAPIURLRange, "Invalid URL", "github_api_url is %q; want the https:// address of a GitHub Enterprise Server, without credentials.", repo.GitHubAPIURL))
		}
	}
	diags = append(diags, rr.validateApp(&repo)...)
	labels, _, d := stringList(rr.PullRequestLabels, "labels")
	diags = append(diags, d...)
	for _, l := range dedupe(labels) {
		repo.Labels = append(repo.Labels, l.Value)
	}
	return repo, diags
}

// checkRepoURL says what is wrong with a repository URL ("" = nothing). A
// password or token inside the URL is refused: it would be a secret in
// the file.
func checkRepoURL(s string) string {
	switch {
	case s == "":
		return "must not be empty"
	case strings.HasPrefix(s, "https://"), strings.HasPrefix(s, "http://"), strings.HasPrefix(s, "ssh://"), strings.HasPrefix(s, "file://"):
		u, err := url.Parse(s)
		if err != nil || (u.Host == "" && u.Scheme != "file") {
			return fmt.Sprintf("%q is not a URL git can clone", s)
		}
		if _, has := u.User.Password(); has {
			return "holds a password or token; give it through token_env or token_file instead"
		}
	case strings.Contains(s, "://"):
		return fmt.Sprintf("%q uses a scheme git is not given here (want https, ssh, file or a path)", s)
	}
	return ""
}

func checkEnvName(s string) string {
	if s == "" {
		return "must not be empty"
	}
	for i, r := range s {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return fmt.Sprintf("%q is not an environment variable name", s)
		}
	}
	return ""
}

func (rs *rawServer) validate() (Server, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	s := defaultServer()
	if rs.Listen != nil {
		s.Listen = *rs.Listen
		if _, port, err := net.SplitHostPort(s.Listen); err != nil || port == "" {
			diags = append(diags, errorAt(rs.ListenRange, "Invalid address", "listen is %q; want HOST:PORT such as \"127.0.0.1:8080\".", s.Listen))
		}
	}
	if rs.Database != nil {
		s.Database = *rs.Database
		if s.Database == "" {
			diags = append(diags, errorAt(rs.DatabaseRange, "Invalid database", "database must not be empty."))
		} else if u, err := url.Parse(s.Database); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
			if _, has := u.User.Password(); has {
				diags = append(diags, errorAt(rs.DatabaseRange, "Password in the file", "database holds a password; give it in PGPASSWORD or ~/.pgpass, or the whole URL in DRIFTFIX_DATABASE."))
			}
		}
	}
	if rs.Concurrency != nil {
		s.Concurrency = *rs.Concurrency
		if s.Concurrency < 1 {
			diags = append(diags, errorAt(rs.ConcurrencyRange, "Invalid concurrency", "concurrency is %d; want at least 1.", s.Concurrency))
		}
	}
	if rs.MaxJitter != nil {
		d, err := time.ParseDuration(*rs.MaxJitter)
		if err != nil || d < 0 {
			diags = append(diags, errorAt(rs.MaxJitterRange, "Invalid duration", "max_jitter is %q; want a duration such as \"0s\" or \"5m\".", *rs.MaxJitter))
		} else {
			s.MaxJitter = d
		}
	}
	return s, diags
}

func (rn *rawNotifications) validate() (Notifications, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	n := defaultNotifications()
	if rn.WebhookURLEnv != nil {
		n.WebhookURLEnv = *rn.WebhookURLEnv
		if msg := checkEnvName(n.WebhookURLEnv); msg != "" {
			diags = append(diags, errorAt(rn.WebhookURLEnvRange, "Invalid environment variable", "webhook_url_env %s.", msg))
		}
	}
	if rn.WebhookURLFile != nil {
		n.WebhookURLFile = *rn.WebhookURLFile
		if rn.WebhookURLEnv == nil {
			n.WebhookURLEnv = "" // the file was chosen
		} else {
			diags = append(diags, errorAt(rn.WebhookURLFileRange, "Two webhook sources", "Give webhook_url_env or webhook_url_file, not both."))
		}
	}
	events, set, d := stringList(rn.Events, "events")
	diags = append(diags, d...)
	if set {
		n.Events = []string{}
		for _, e := range dedupe(events) {
			if !slices.Contains(NotifyEvents, e.Value) {
				diags = append(diags, errorAt(e.Range, "Unknown event", "events: %q is not an event; want %s.", e.Value, orList(NotifyEvents)))
				continue
			}
			n.Events = append(n.Events, e.Value)
		}
	}
	return n, diags
}

// validateApp reads the GitHub App settings: all of app_id,
// app_installation_id and one private key source, or none.
func (rr *rawRepository) validateApp(repo *Repository) hcl.Diagnostics {
	if rr.AppID == nil && rr.AppInstallationID == nil && rr.AppKeyFile == nil && rr.AppKeyEnv == nil {
		return nil
	}
	var diags hcl.Diagnostics
	app := &GitHubApp{}
	switch {
	case rr.AppID == nil:
		diags = append(diags, errorAt(rr.DefRange, "Incomplete GitHub App", "app_id is missing: a GitHub App needs app_id, app_installation_id and app_private_key_file (or app_private_key_env)."))
	case *rr.AppID <= 0:
		diags = append(diags, errorAt(rr.AppIDRange, "Invalid app id", "app_id is %d; want the App's positive id.", *rr.AppID))
	default:
		app.ID = *rr.AppID
	}
	switch {
	case rr.AppInstallationID == nil:
		diags = append(diags, errorAt(rr.DefRange, "Incomplete GitHub App", "app_installation_id is missing: the installation on the account that owns the repository."))
	case *rr.AppInstallationID <= 0:
		diags = append(diags, errorAt(rr.AppInstallationRange, "Invalid installation id", "app_installation_id is %d; want a positive id.", *rr.AppInstallationID))
	default:
		app.InstallationID = *rr.AppInstallationID
	}
	switch {
	case rr.AppKeyFile != nil && rr.AppKeyEnv != nil:
		diags = append(diags, errorAt(rr.AppKeyEnvRange, "Two key sources", "Give app_private_key_file or app_private_key_env, not both."))
	case rr.AppKeyFile != nil:
		app.PrivateKeyFile = *rr.AppKeyFile
		if app.PrivateKeyFile == "" {
			diags = append(diags, errorAt(rr.AppKeyFileRange, "Invalid file", "app_private_key_file must not be empty."))
		}
	case rr.AppKeyEnv != nil:
		app.PrivateKeyEnv = *rr.AppKeyEnv
		if msg := checkEnvName(app.PrivateKeyEnv); msg != "" {
			diags = append(diags, errorAt(rr.AppKeyEnvRange, "Invalid environment variable", "app_private_key_env %s.", msg))
		}
	default:
		diags = append(diags, errorAt(rr.DefRange, "Incomplete GitHub App", "The App's private key is missing: give app_private_key_file or app_private_key_env."))
	}
	repo.App = app
	return diags
}
