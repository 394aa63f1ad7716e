package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

const (
	usNumber   = "+14155552671"
	usNational = "4155552671"
)

// smskitStdin runs the binary as smskit does, with stdin.
func smskitStdin(t *testing.T, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	cmd.Stdin = bytes.NewBufferString(stdin)
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

func aliyunVerifyURL(srv *aliyuntest.Server, secret string) string {
	return "aliyunverify://" + aliyuntest.TestAccessKeyID + ":" + url.PathEscape(secret) + "@" + srv.Host +
		"?protocol=http&sign=" + url.QueryEscape(aliyunSign) + "&template=" + aliyuntest.DefaultTemplateCode
}

func twilioVerifyURL(srv *twiliotest.Server) string {
	return "twilioverify://" + twiliotest.TestAccountSID + ":" + twiliotest.TestAuthToken + "@" + srv.Host +
		"?protocol=http&service=" + twiliotest.TestVerifyServiceSID
}

// startJSON is what "verify start --json" prints.
type startJSON struct {
	OK             bool   `json:"ok"`
	Provider       string `json:"provider"`
	VerificationID string `json:"verification_id"`
	To             string `json:"to"`
	Purpose        string `json:"purpose"`
	Expires        string `json:"expires"`
}

// checkJSON is what "verify check --json" prints.
type checkJSON struct {
	OK           bool   `json:"ok"`
	Approved     bool   `json:"approved"`
	Status       string `json:"status"`
	AttemptsLeft *int   `json:"attempts_left"`
	To           string `json:"to"`
}

func TestVerifyAliyun(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	t.Cleanup(srv.Close)
	u := aliyunVerifyURL(srv, aliyuntest.TestAccessKeySecret)

	r := smskit(t, nil, "verify", "start", "--url", u, "--to", national, "--purpose", "login")
	require.Equal(t, exitOK, r.code, r.stderr+r.stdout)
	assert.Contains(t, r.stdout, `Code sent to 138****8000 by aliyun, purpose "login".`)
	assert.Contains(t, r.stdout, "verification id: ")
	assert.Contains(t, r.stdout, "expires: ")
	code, ok := srv.LastVerifyCode(national)
	require.True(t, ok)
	secrets := []string{aliyuntest.TestAccessKeySecret, code, national}
	r.hides(t, secrets...)

	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	env := []string{"SMSKIT_VERIFY_URL=" + u}
	r = smskit(t, env, "verify", "check", "--to", national, "--purpose", "login", "--code", wrong)
	assert.Equal(t, exitNotApproved, r.code, r.stderr)
	assert.Equal(t, "138****8000: wrong code, purpose \"login\".\n", r.stdout)
	r.hides(t, append(secrets, wrong)...)

	r = smskitStdin(t, code+"\n", env, "verify", "check", "--to", national, "--purpose", "login", "--code", "-", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var out checkJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, checkJSON{OK: true, Approved: true, Status: "approved", To: "138****8000"}, out)
	r.hides(t, secrets...)

	assert.Equal(t, 2, srv.Requests("CheckSmsVerifyCode"))
}

func TestVerifyTwilio(t *testing.T) {
	srv := twiliotest.NewServer(twiliotest.Options{VerifyServices: []string{twiliotest.TestVerifyServiceSID}})
	t.Cleanup(srv.Close)
	u := twilioVerifyURL(srv)
	secrets := func(code string) []string { return []string{twiliotest.TestAuthToken, code, usNational} }

	r := smskit(t, nil, "verify", "start", "--url", u, "--to", usNumber, "--json")
	require.Equal(t, exitOK, r.code, r.stderr+r.stdout)
	var st startJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st), r.stdout)
	assert.True(t, st.OK)
	assert.Equal(t, "twilio", st.Provider)
	assert.Equal(t, "default", st.Purpose)
	assert.Regexp(t, `^VE[0-9a-f]{32}$`, st.VerificationID)
	assert.NotEmpty(t, st.Expires)
	assert.NotContains(t, st.To, usNational)
	code, ok := srv.LastVerifyCode(usNumber)
	require.True(t, ok)
	r.hides(t, secrets(code)...)

	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	tests := []struct {
		name, code, stdout string
		exit               int
	}{
		{"wrong code", wrong, ": wrong code, purpose \"default\".\n", exitNotApproved}, // Twilio does not say how many are left
		{"right code", code, ": approved, purpose \"default\".\n", exitOK},
		{"after approval", code, ": not found, purpose \"default\".\n", exitNotApproved},
	}
	for _, tt := range tests {
		r = smskit(t, nil, "verify", "check", "--url", u, "--to", usNumber, "--code", tt.code)
		assert.Equal(t, tt.exit, r.code, tt.name+": "+r.stderr)
		assert.Contains(t, r.stdout, tt.stdout, tt.name)
		r.hides(t, secrets(code)...)
		r.hides(t, wrong)
	}

	// Five wrong codes spend the attempts: the sixth check is refused.
	r = smskit(t, nil, "verify", "start", "--url", u, "--to", usNumber)
	require.Equal(t, exitOK, r.code, r.stderr)
	code, _ = srv.LastVerifyCode(usNumber)
	if code == wrong {
		wrong = "111111"
	}
	for range 5 {
		r = smskit(t, nil, "verify", "check", "--url", u, "--to", usNumber, "--code", wrong, "--json")
		require.Equal(t, exitNotApproved, r.code, r.stderr)
		var out checkJSON
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
		assert.Equal(t, "wrong_code", out.Status)
		assert.False(t, out.Approved)
		assert.Nil(t, out.AttemptsLeft, "Twilio does not say")
	}
	r = smskit(t, nil, "verify", "check", "--url", u, "--to", usNumber, "--code", code)
	assert.Equal(t, exitNotApproved, r.code, r.stderr)
	assert.Contains(t, r.stdout, ": too many attempts, purpose")
	r.hides(t, secrets(code)...)
}

func TestVerifyExitCodes(t *testing.T) {
	srv := aliyuntest.NewServer(aliyuntest.Options{})
	t.Cleanup(srv.Close)
	good := aliyunVerifyURL(srv, aliyuntest.TestAccessKeySecret)
	const wrongSecret = "WrongSecretQ7v9Zz3Xx1"
	start := func(u string, extra ...string) []string {
		return append([]string{"verify", "start", "--url", u, "--to", national}, extra...)
	}
	check := func(u string, extra ...string) []string {
		return append([]string{"verify", "check", "--url", u, "--to", national, "--code", code}, extra...)
	}
	tests := []struct {
		name   string
		fault  *aliyuntest.Fault
		args   []string
		code   int
		class  string // of --json output, when it prints JSON
		stderr string
	}{
		{name: "no subcommand", args: []string{"verify"}, code: exitUsage, stderr: "Usage: smskit verify start|check|schemes"},
		{name: "unknown subcommand", args: []string{"verify", "stat"}, code: exitUsage, stderr: `unknown command "stat"`},
		{name: "no url", args: []string{"verify", "start", "--to", national}, code: exitUsage, stderr: "--url or SMSKIT_VERIFY_URL is required"},
		{name: "no recipient", args: []string{"verify", "start", "--url", good}, code: exitUsage, stderr: "--to is required"},
		{name: "no code", args: []string{"verify", "check", "--url", good, "--to", national}, code: exitUsage, stderr: "--code is required"},
		{name: "empty stdin", args: []string{"verify", "check", "--url", good, "--to", national, "--code", "-"}, code: exitUsage, stderr: "found no code on standard input"},
		{name: "unknown flag", args: []string{"verify", "check", "--cod", code}, code: exitUsage, stderr: `unknown flag "-cod"`},
		{name: "sender URL", args: start("dryrun://"), code: exitUsage, stderr: `scheme "dryrun" is not a registered verifier scheme`},
		{name: "unknown URL parameter", args: start(good + "&sing=x"), code: exitUsage, stderr: `unknown parameter "sing"`},
		{name: "bad URL escaping", args: start("aliyunverify://" + aliyuntest.TestAccessKeyID + ":%zz" + wrongSecret + "@default?sign=s&template=SMS_1"), code: exitUsage, stderr: "malformed %-escape"},
		{name: "bad number", args: []string{"verify", "start", "--url", good, "--to", "+86123", "--json"}, code: exitUsage, class: "invalid"},
		{name: "bad credentials", args: start(aliyunVerifyURL(srv, wrongSecret), "--json"), code: exitNotAccepted, class: "not_accepted"},
		{name: "throttled start", fault: &aliyuntest.Fault{Kind: aliyuntest.FaultThrottling, Action: "SendSmsVerifyCode"}, args: start(good), code: exitNotAccepted, stderr: "nothing was sent"},
		{name: "start answer lost", fault: &aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept, Action: "SendSmsVerifyCode"}, args: start(good, "--json"), code: exitMayBeAccepted, class: "may_have_been_accepted"},
		{name: "start answer lost, for people", fault: &aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept, Action: "SendSmsVerifyCode"}, args: start(good), code: exitMayBeAccepted, stderr: "may still arrive"},
		{name: "throttled check", fault: &aliyuntest.Fault{Kind: aliyuntest.FaultThrottling, Action: "CheckSmsVerifyCode"}, args: check(good), code: exitNotAccepted, stderr: "The check was not made"},
		{name: "check answer lost", fault: &aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept, Action: "CheckSmsVerifyCode"}, args: check(good), code: exitMayBeAccepted, stderr: "The check may have been made"},
		{name: "nothing started", args: check(good, "--json"), code: exitNotApproved},
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

func TestVerifyHelp(t *testing.T) {
	for args, want := range map[[2]string]string{
		{"verify", "--help"}:  verifyHelp,
		{"verify", "start"}:   verifyStartHelp,
		{"verify", "check"}:   verifyCheckHelp,
		{"verify", "schemes"}: verifySchemesHelp,
	} {
		r := smskit(t, nil, "help", args[0], args[1])
		if args[1] == "--help" {
			r = smskit(t, nil, args[0], args[1])
		}
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, want, r.stdout)
	}
	assert.Contains(t, verifyHelp, "keeps its codes in the memory of the process")
	r := smskit(t, nil, "verify", "schemes")
	require.Equal(t, exitOK, r.code)
	assert.Equal(t, "aliyunverify\ntwilioverify\n", r.stdout)
}
