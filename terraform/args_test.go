package terraform

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
)

func TestBuildEnv(t *testing.T) {
	tests := []struct {
		name        string
		base        map[string]string
		explicit    bool
		cache       string
		want        map[string]string
		wantDropped []string
		wantErr     string
	}{
		{
			name:  "inherited, nothing to drop",
			base:  map[string]string{"PATH": "/bin", "AWS_PROFILE": "dev"},
			cache: "/c/plugins",
			want:  map[string]string{"PATH": "/bin", "AWS_PROFILE": "dev", "CHECKPOINT_DISABLE": "1", "TF_PLUGIN_CACHE_DIR": "/c/plugins"},
		},
		{
			name: "inherited, managed variables dropped",
			base: map[string]string{
				"PATH": "/bin", "TF_INPUT": "1", "TF_IN_AUTOMATION": "", "TF_VAR_region": "eu-west-1",
				"TF_CLI_ARGS": "-auto-approve", "TF_CLI_ARGS_apply": "-target=x", "TF_WORKSPACE": "prod", "TF_LOG": "TRACE",
				"CHECKPOINT_DISABLE": "0",
			},
			cache:       "/c",
			want:        map[string]string{"PATH": "/bin", "CHECKPOINT_DISABLE": "1", "TF_PLUGIN_CACHE_DIR": "/c"},
			wantDropped: []string{"TF_CLI_ARGS", "TF_CLI_ARGS_apply", "TF_INPUT", "TF_IN_AUTOMATION", "TF_LOG", "TF_VAR_region", "TF_WORKSPACE"},
		},
		{
			name:     "explicit with a managed variable is an error",
			base:     map[string]string{"TF_VAR_password": "x", "TF_INPUT": "0"},
			explicit: true,
			wantErr:  "TF_INPUT, TF_VAR_password cannot be set",
		},
		{
			name:     "explicit, no plugin cache",
			base:     map[string]string{"HOME": "/h"},
			explicit: true,
			want:     map[string]string{"HOME": "/h", "CHECKPOINT_DISABLE": "1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := map[string]string{}
			for k, v := range tt.base {
				orig[k] = v
			}
			got, dropped, err := buildEnv(tt.base, tt.explicit, tt.cache)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "=x") {
					t.Error("error reveals a value")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("env = %v\nwant  %v", got, tt.want)
			}
			if !reflect.DeepEqual(dropped, tt.wantDropped) {
				t.Errorf("dropped = %v, want %v", dropped, tt.wantDropped)
			}
			if !reflect.DeepEqual(tt.base, orig) {
				t.Error("buildEnv modified its input")
			}
			// Whatever buildEnv returns, terraform-exec accepts.
			if p := tfexec.ProhibitedEnv(got); len(p) > 0 {
				t.Errorf("prohibited left: %v", p)
			}
		})
	}
}

func TestEnvironMap(t *testing.T) {
	got := environMap([]string{"A=1", "B=x=y", "C=", "=bad", "D"})
	want := map[string]string{"A": "1", "B": "x=y", "C": "", "D": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestInitOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []tfexec.InitOption
	}{
		{"defaults", Options{}, []tfexec.InitOption{tfexec.Upgrade(false)}},
		{
			"backend config in order; no lock timeout (gone since 0.15)",
			Options{BackendConfig: []string{"bucket=b", "backend.hcl"}, LockTimeout: 90 * time.Second},
			[]tfexec.InitOption{
				tfexec.Upgrade(false),
				tfexec.BackendConfig("bucket=b"),
				tfexec.BackendConfig("backend.hcl"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := initOptions(tt.opts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestPlanOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		plan PlanOptions
		want []tfexec.PlanOption
	}{
		{
			"defaults",
			Options{},
			PlanOptions{},
			[]tfexec.PlanOption{tfexec.Out("/w/p.tfplan"), tfexec.Lock(true), tfexec.LockTimeout("0s")},
		},
		{
			"var files in order, refresh-only",
			Options{VarFiles: []string{"common.tfvars", "/abs/prod.tfvars"}, LockTimeout: time.Minute},
			PlanOptions{RefreshOnly: true},
			[]tfexec.PlanOption{
				tfexec.Out("/w/p.tfplan"), tfexec.Lock(true), tfexec.LockTimeout("1m0s"),
				tfexec.VarFile("common.tfvars"), tfexec.VarFile("/abs/prod.tfvars"),
				tfexec.RefreshOnly(true),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := planOptions("/w/p.tfplan", tt.opts, tt.plan); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestApplyOptions(t *testing.T) {
	// Var files never reach apply: a saved plan carries its variables.
	opts := Options{VarFiles: []string{"x.tfvars"}, LockTimeout: 5 * time.Second}
	want := []tfexec.ApplyOption{tfexec.DirOrPlan("/tmp/copy/p.tfplan"), tfexec.Lock(true), tfexec.LockTimeout("5s")}
	if got := applyOptions("/tmp/copy/p.tfplan", opts); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}

func TestLockTimeout(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0s", -time.Second: "0s", 1500 * time.Millisecond: "1.5s", 2 * time.Minute: "2m0s"} {
		if got := lockTimeout(d); got != want {
			t.Errorf("lockTimeout(%v) = %q, want %q", d, got, want)
		}
	}
}
