//go:build unix

package pgtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

const (
	superuser = "postgres" // the cluster's superuser role
	port      = 5432       // only names the socket file: the server has no TCP listener
	dirPrefix = "driftfix-pgtest-"
)

// cluster is a running throwaway PostgreSQL server.
type cluster struct {
	bin       string // directory of initdb, pg_ctl and postgres
	dir       string // everything lives here: data/, sock/, postgres.log, owner.pid
	socketDir string
	runAs     *syscall.Credential // nil unless we are root
}

func (c *cluster) dataDir() string { return filepath.Join(c.dir, "data") }

// start finds the binaries, removes clusters that killed test binaries left
// behind, and starts a new cluster in a fresh temporary directory.
func start() (*cluster, error) {
	bin, err := findBinaries(os.Getenv("PATH"), debianBinaries)
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin}
	if os.Geteuid() == 0 {
		if c.runAs, err = unprivileged(); err != nil {
			return nil, err
		}
	}
	reapStale(c)
	if c.dir, err = os.MkdirTemp("", dirPrefix); err != nil {
		return nil, err
	}
	c.socketDir = filepath.Join(c.dir, "sock")
	if err := c.prepare(); err != nil {
		os.RemoveAll(c.dir)
		return nil, err
	}
	if err := c.run("initdb", "-D", c.dataDir(), "-U", superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(c.dir)
		return nil, err
	}
	// Fast and private: no TCP listener, the socket in our directory (what
	// postgres -k sets, kept in the file rather than in pg_ctl -o, which
	// goes through a shell), and durability traded for speed: the cluster
	// is thrown away.
	conf := fmt.Sprintf(`
listen_addresses = ''
unix_socket_directories = '%s'
port = %d
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
`, c.socketDir, port)
	if err := appendFile(filepath.Join(c.dataDir(), "postgresql.conf"), conf); err != nil {
		os.RemoveAll(c.dir)
		return nil, err
	}
	logFile := filepath.Join(c.dir, "postgres.log")
	if err := c.run("pg_ctl", "start", "-D", c.dataDir(), "-l", logFile, "-w", "-t", "60"); err != nil {
		log, _ := os.ReadFile(logFile)
		os.RemoveAll(c.dir)
		return nil, fmt.Errorf("%w\n%s:\n%s", err, logFile, tail(string(log), 2000))
	}
	return c, nil
}

// prepare makes the cluster directory, its socket directory and the owner
// file, owned by the user the server runs as.
func (c *cluster) prepare() error {
	if err := os.Mkdir(c.socketDir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	if c.runAs == nil {
		return nil
	}
	for _, p := range []string{c.dir, c.socketDir} {
		if err := os.Chown(p, int(c.runAs.Uid), int(c.runAs.Gid)); err != nil {
			return err
		}
	}
	return nil
}

// stop shuts the server down and removes its directory.
func (c *cluster) stop() error {
	err := c.run("pg_ctl", "stop", "-D", c.dataDir(), "-m", "fast", "-w", "-t", "60")
	return errors.Join(err, os.RemoveAll(c.dir))
}

// run runs one of the PostgreSQL binaries as the cluster's user, in the
// cluster directory, and turns a failure into an error holding its output.
func (c *cluster) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = serverEnv(c.dir)
	if c.runAs != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.runAs}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(string(out), 2000))
	}
	return nil
}

// serverEnv is our environment without the PG* variables that would point
// the tools elsewhere, in the C locale.
func serverEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG=") || strings.HasPrefix(kv, "HOME=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C", "HOME="+home)
}

// debianBinaries is where Debian installs each PostgreSQL version's server binaries.
const debianBinaries = "/usr/lib/postgresql/*/bin"

// findBinaries returns the first directory holding initdb, pg_ctl and
// postgres: from the PATH list pathList (where pg_ctl is a symlink, the
// directory it points into first), then those matching debianGlob, newest
// version first.
func findBinaries(pathList, debianGlob string) (string, error) {
	var dirs []string
	for _, d := range filepath.SplitList(pathList) {
		if d == "" {
			continue
		}
		if real, err := filepath.EvalSymlinks(filepath.Join(d, "pg_ctl")); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		dirs = append(dirs, d)
	}
	versions, _ := filepath.Glob(debianGlob)
	slices.SortFunc(versions, func(a, b string) int { return debianVersion(b) - debianVersion(a) })
	dirs = append(dirs, versions...)
	for _, d := range dirs {
		if hasAll(d, "initdb", "pg_ctl", "postgres") {
			return d, nil
		}
	}
	return "", errNoBinaries
}

// debianVersion is the major version in /usr/lib/postgresql/<version>/bin.
func debianVersion(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func hasAll(dir string, names ...string) bool {
	for _, n := range names {
		info, err := os.Stat(filepath.Join(dir, n))
		if err != nil || info.IsDir() || info.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	return true
}

// unprivileged is the user a root test process runs the server as.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 == nil && err2 == nil {
			return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil // and no supplementary groups
		}
	}
	return nil, errors.New("running as root, and PostgreSQL refuses to: found neither a postgres nor a nobody user to run it as")
}

// reapStale stops and removes the clusters of test binaries that died
// without stopping theirs (killed, or timed out).
func reapStale(c *cluster) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPrefix+"*"))
	for _, dir := range dirs {
		raw, err := os.ReadFile(filepath.Join(dir, "owner.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue // its owner is alive (or we cannot tell)
		}
		stale := &cluster{bin: c.bin, dir: dir, runAs: c.runAs}
		if _, err := os.Stat(filepath.Join(stale.dataDir(), "postmaster.pid")); err == nil {
			stale.run("pg_ctl", "stop", "-D", stale.dataDir(), "-m", "immediate", "-w", "-t", "30")
		}
		os.RemoveAll(dir)
	}
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	return errors.Join(err, f.Close())
}

// tail is the end of s, at most n bytes.
func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
