package server

import (
	"bytes"
	"context"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromiumEnv names a Chromium binary to use instead of the one found.
const chromiumEnv = "DRIFTFIX_CHROMIUM"

// chromium finds a headless-capable Chromium: $DRIFTFIX_CHROMIUM, Debian's
// /usr/bin/chromium, or chromium / chromium-browser / google-chrome on
// PATH. Without one the test fails and says how to install it: the
// dashboard's browser test is not optional.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(chromiumEnv); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatalf("Chromium not found (the dashboard is tested in a headless browser): install it with `apt-get install -y chromium` (make chromium does), or name a binary in $%s", chromiumEnv)
	return ""
}

// headless runs Chromium headless on url with extra flags and returns its
// standard output.
func headless(t *testing.T, bin, url string, flags ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{
		"--headless",
		"--no-sandbox", // tests may run as root; the page is our own
		"--disable-gpu",
		"--no-first-run",
		"--no-default-browser-check",
		"--disable-extensions",
		"--disable-background-networking",
		"--disable-sync",
		"--user-data-dir=" + t.TempDir(),
	}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// TestDashboardInChromium loads the dashboard of the seeded history from a
// real HTTP server into headless Chromium and reads the DOM the browser
// built: the page rendered, its runs table holds the seeded runs, and each
// chart has one point per day with the stored values. It also takes a
// screenshot.
func TestDashboardInChromium(t *testing.T) {
	bin := chromium(t)
	srv := httptest.NewServer(newServer(t, seeded(t), ""))
	defer srv.Close()

	dom := string(headless(t, bin, srv.URL+"/", "--dump-dom"))
	if !strings.Contains(dom, "<h1>driftfix</h1>") || !strings.Contains(dom, `id="project">every project<`) {
		t.Fatalf("the browser did not render the dashboard:\n%s", dom)
	}
	if got := strings.Join(pageRuns(dom), ", "); got != "5 skipped none, 4 failed none, 3 succeeded review, 2 succeeded review, 1 succeeded auto-apply" {
		t.Errorf("runs table in the browser: %q", got)
	}
	if got := strings.Join(pageFindings(dom), " "); got != "web-c data-e" {
		t.Errorf("findings table in the browser: %q", got)
	}
	charts := pageCharts(t, dom)
	if len(charts) != 3 {
		t.Errorf("%d charts in the browser's DOM, want 3", len(charts))
	}
	wantPoints(t, charts, "mttr", "2026-11-01=", "2026-11-02=24", "2026-11-03=48")
	wantPoints(t, charts, "auto-fix", "2026-11-01=", "2026-11-02=100", "2026-11-03=0")
	wantPoints(t, charts, "drift", "2026-11-01=1", "2026-11-02=1", "2026-11-03=0")

	// one project, through the query string, as a person would click it
	dom = string(headless(t, bin, srv.URL+"/?project=data", "--dump-dom"))
	if got := strings.Join(pageRuns(dom), ", "); got != "2 succeeded review" {
		t.Errorf("runs of data in the browser: %q", got)
	}

	shot := filepath.Join(t.TempDir(), "dashboard.png")
	headless(t, bin, srv.URL+"/", "--window-size=1280,1600", "--hide-scrollbars", "--screenshot="+shot)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 1600 {
		t.Errorf("screenshot is %v, want 1280×1600", b)
	}
	// something was drawn: not one flat colour
	first := img.At(0, 0)
	flat := true
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y && flat; y += 7 {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 7 {
			if img.At(x, y) != first {
				flat = false
				break
			}
		}
	}
	if flat {
		t.Error("the screenshot is one flat colour: nothing rendered")
	}
}
