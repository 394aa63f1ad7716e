package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bin is the smskit binary TestMain builds.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smskit-cli-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "smskit")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

// smskit runs the binary with args and env (besides a clean environment).
func smskit(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		exit, ok := err.(*exec.ExitError)
		require.True(t, ok, "run: %v", err)
		code = exit.ExitCode()
	}
	return result{code, stdout.String(), stderr.String()}
}

// hides asserts that nothing in r shows any of secrets.
func (r result) hides(t *testing.T, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		assert.NotContains(t, r.stdout, s)
		assert.NotContains(t, r.stderr, s)
	}
}

const (
	number     = "+8613800138000"
	national   = "13800138000"
	code       = "482193"
	aliyunSign = aliyuntest.DefaultSignName
)

func aliyunURL(srv *aliyuntest.Server, secret string) string {
	return "aliyun://" + aliyuntest.TestAccessKeyID + ":" + url.PathEscape(secret) + "@" + srv.Host +
		"?protocol=http&sign=" + url.QueryEscape(aliyunSign)
}

func TestSendDryRun(t *testing.T) {
	r := smskit(t, nil, "send", "--url", "dryrun://", "--to", number, "--template", "login_code", "--param", "code="+code)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Dry run: accepted, not sent, to +86 138****8000 by dryrun.")
	assert.Contains(t, r.stdout, "message id: dryrun-")
	r.hides(t, code, national)

	r = smskit(t, []string{"SMSKIT_URL=dryrun://?provider=aliyun"}, "send", "--to", number, "--template", "login_code", "--param", "code="+code, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var out struct {
		OK        bool   `json:"ok"`
		Provider  string `json:"provider"`
		MessageID string `json:"message_id"`
		DryRun    bool   `json:"dry_run"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.True(t, out.OK)
	assert.True(t, out.DryRun)
	assert.Equal(t, "aliyun", out.Provider)
	r.hides(t, code, national)
}

func TestSendAndStatusAliyun(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	t.Cleanup(srv.Close)
	u := aliyunURL(srv, aliyuntest.TestAccessKeySecret)

	r := smskit(t, nil, "send", "--url", u, "--to", national, "--template", aliyuntest.DefaultTemplateCode, "--param", "code="+code, "--json")
	require.Equal(t, exitOK, r.code, r.stderr+r.stdout)
	var sent struct {
		MessageID string `json:"message_id"`
		Provider  string `json:"provider"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &sent))
	msg, ok := srv.LastMessageTo(number)
	require.True(t, ok)
	assert.Equal(t, code, msg.Params["code"])
	assert.Equal(t, msg.BizID, sent.MessageID)
	assert.Equal(t, "aliyun", sent.Provider)
	r.hides(t, aliyuntest.TestAccessKeySecret, code, national)

	r = smskit(t, []string{"SMSKIT_URL=" + u}, "status", "--id", sent.MessageID, "--to", number)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, sent.MessageID+": delivered")
	r.hides(t, aliyuntest.TestAccessKeySecret, national)

	r = smskit(t, []string{"SMSKIT_URL=" + u}, "status", "--id", sent.MessageID, "--to", number, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var st struct {
		State string `json:"state"`
		Final bool   `json:"final"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st))
	assert.Equal(t, "delivered", st.State)
	assert.True(t, st.Final)
}

func TestSendAndStatusTwilio(t *testing.T) {
	srv := twiliotest.NewServer(twiliotest.Options{})
	t.Cleanup(srv.Close)
	hostPort := strings.TrimPrefix(srv.URL, "http://")
	u := "twilio://" + hostPort + "?protocol=http&from=" + twiliotest.TestFrom
	env := []string{"TWILIO_ACCOUNT_SID=" + twiliotest.TestAccountSID, "TWILIO_AUTH_TOKEN=" + twiliotest.TestAuthToken}

	r := smskit(t, env, "send", "--url", u, "--to", "+14155550100", "--body", "Your code is "+code)
	require.Equal(t, exitOK, r.code, r.stderr+r.stdout)
	msgs := srv.Messages()
	require.Len(t, msgs, 1)
	assert.Contains(t, r.stdout, "message id: "+msgs[0].SID)
	r.hides(t, twiliotest.TestAuthToken, code, "4155550100")

	r = smskit(t, env, "status", "--url", u, "--id", msgs[0].SID, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"state"`)
	r.hides(t, twiliotest.TestAuthToken)
}

func TestExitCodes(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	t.Cleanup(srv.Close)
	good := aliyunURL(srv, aliyuntest.TestAccessKeySecret)
	const wrongSecret = "WrongSecretQ7v9Zz3Xx1"
	send := func(u string, extra ...string) []string {
		return append([]string{"send", "--url", u, "--to", national, "--template", aliyuntest.DefaultTemplateCode, "--param", "code=" + code}, extra...)
	}
	tests := []struct {
		name   string
		fault  *aliyuntest.Fault
		args   []string
		code   int
		class  string // of --json output, when it prints JSON
		stderr string
	}{
		{name: "no arguments", args: nil, code: exitUsage, stderr: "Usage:"},
		{name: "unknown command", args: []string{"sned"}, code: exitUsage, stderr: `unknown command "sned"`},
		{name: "inbox is not built", args: []string{"inbox"}, code: exitUsage, stderr: "issue #13"},
		{name: "bulk is not built", args: []string{"bulk"}, code: exitUsage, stderr: "not built yet"},
		{name: "unknown flag", args: []string{"send", "--too", number}, code: exitUsage, stderr: `unknown flag "-too"`},
		{name: "param without name", args: []string{"send", "--url", "dryrun://", "--to", number, "--template", "t", "--param", code}, code: exitUsage, stderr: "--param needs NAME=VALUE"},
		{name: "no url", args: []string{"send", "--to", number, "--template", "t"}, code: exitUsage, stderr: "--url or SMSKIT_URL is required"},
		{name: "no recipient", args: []string{"send", "--url", "dryrun://", "--template", "t"}, code: exitUsage, stderr: "--to is required"},
		{name: "bad number", args: []string{"send", "--url", "dryrun://", "--to", "+86123", "--template", "t", "--json"}, code: exitUsage, class: "invalid"},
		{name: "unknown URL parameter", args: send(good + "&sing=x"), code: exitUsage, stderr: `unknown parameter "sing"`},
		{name: "bad URL escaping", args: send("aliyun://" + aliyuntest.TestAccessKeyID + ":%zz" + wrongSecret + "@default?sign=s"), code: exitUsage, stderr: "malformed %-escape"},
		{name: "bad credentials", args: send(aliyunURL(srv, wrongSecret), "--json"), code: exitNotAccepted, class: "not_accepted"},
		{name: "throttled", fault: &aliyuntest.Fault{Kind: aliyuntest.FaultThrottling, Action: "SendSms"}, args: send(good), code: exitNotAccepted, stderr: "nothing was sent"},
		{name: "answer lost", fault: &aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept, Action: "SendSms"}, args: send(good, "--json"), code: exitMayBeAccepted, class: "may_have_been_accepted"},
		{name: "status of dryrun", args: []string{"status", "--url", "dryrun://", "--id", "x"}, code: exitUsage, stderr: "cannot tell delivery status"},
		{name: "status without id", args: []string{"status", "--url", good}, code: exitUsage, stderr: "--id is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			if tt.fault != nil {
				srv.QueueFault(*tt.fault)
			}
			r := smskit(t, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
			if tt.stderr != "" {
				assert.Contains(t, r.stderr, tt.stderr)
			}
			if tt.class != "" {
				var out struct {
					OK    bool `json:"ok"`
					Error struct {
						Class string `json:"class"`
					} `json:"error"`
				}
				require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
				assert.False(t, out.OK)
				assert.Equal(t, tt.class, out.Error.Class)
			}
			r.hides(t, aliyuntest.TestAccessKeySecret, wrongSecret, wrongSecret[:8], code, national)
		})
	}
}

func TestHelp(t *testing.T) {
	r := smskit(t, nil, "send", "--help")
	require.Equal(t, exitOK, r.code)
	assert.Equal(t, sendHelp, r.stdout)
	r = smskit(t, nil, "help", "status")
	require.Equal(t, exitOK, r.code)
	assert.Equal(t, statusHelp, r.stdout)
	r = smskit(t, nil, "--help")
	require.Equal(t, exitOK, r.code)
	for _, c := range commands {
		assert.Contains(t, r.stdout, "  "+c.name)
	}
	r = smskit(t, nil, "schemes")
	require.Equal(t, exitOK, r.code)
	assert.Equal(t, strings.Join(sms.Schemes(), "\n")+"\n", r.stdout) // every scheme main.go imports
	assert.Contains(t, r.stdout, "aliyun\n")
	assert.Contains(t, r.stdout, "dryrun\n")
}

// TestInboxFlags: "smskit inbox" has help, and a bad flag value is
// refused without being echoed (it may be a secret).
func TestInboxFlags(t *testing.T) {
	r := smskit(t, nil, "inbox", "--help")
	require.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "Usage: smskit inbox")
	assert.Contains(t, r.stdout, "-permissive")
	r = smskit(t, nil, "inbox", "-aliyun-key", "LTAIsecretWithoutColon")
	require.Equal(t, exitUsage, r.code)
	assert.NotContains(t, r.stdout+r.stderr, "LTAIsecretWithoutColon")
	assert.Contains(t, r.stderr, "-aliyun-key")
}
