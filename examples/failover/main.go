// Command failover declares a template once, sends mainland numbers through
// two Aliyun accounts and every other number through Twilio, and shows when
// the router fails over to the backup account and when it must not.
//
//	go run ./examples/failover
//
// The three providers are in-process emulators: nothing leaves the machine
// and no credentials are needed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/route"
)

// loginCode is declared once: each Aliyun account's code and sign, and the
// text Twilio renders.
var loginCode = sms.Template{
	Name:  "login_code",
	Kind:  sms.KindVerification,
	Text:  "Your login code is ${code}.",
	Codes: map[string]string{"aliyun": "SMS_100000001", "aliyun-backup": "SMS_200000002"},
	Signs: map[string]string{"aliyun": "smskit", "aliyun-backup": "smskit备用"},
}

// code is the demo's verification code; a real application draws one at random.
const code = "482915"

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	templates := []sms.Template{loginCode}
	primarySrv, primary, err := aliyunAccount("aliyun", "LTAI5tPrimaryAccount", templates)
	if err != nil {
		return err
	}
	defer primarySrv.Close()
	backupSrv, backup, err := aliyunAccount("aliyun-backup", "LTAI5tBackupAccount", templates)
	if err != nil {
		return err
	}
	defer backupSrv.Close()
	twilioSrv := twiliotest.NewServer(twiliotest.Options{})
	defer twilioSrv.Close()
	tw, err := twilio.New(twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
		From: twiliotest.TestFrom, Endpoint: twilioSrv.URL, Templates: templates})
	if err != nil {
		return err
	}

	router, err := route.New(route.Options{
		Routes: []route.Route{
			{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{
				{Name: "aliyun-primary", Sender: primary}, {Name: "aliyun-backup", Sender: backup}}},
			{Name: "world", Targets: []route.Target{{Name: "twilio", Sender: tw}}},
		},
		Templates: templates, // every target must serve every template, or New fails
	})
	if err != nil {
		return err
	}
	seen := map[string]func(to, id string) string{
		"aliyun-primary": aliyunSaw(primarySrv), "aliyun-backup": aliyunSaw(backupSrv), "twilio": twilioSaw(twilioSrv),
	}
	send := func(to string) error {
		res, err := router.Send(context.Background(), sms.Message{To: to, Template: "login_code", Params: map[string]string{"code": code}})
		if err != nil {
			fmt.Fprintf(w, "   %s → not sent, may have been accepted: %t\n     %v\n", sms.MaskPhone(to), !sms.IsNotAccepted(err), err)
			return err
		}
		fmt.Fprintf(w, "   %s → sent by %s after %d attempt(s): %s\n", sms.MaskPhone(to), res.Provider, max(res.Attempts, 1), seen[res.Provider](to, res.MessageID))
		return nil
	}

	fmt.Fprintln(w, "1. every provider up")
	for _, to := range []string{"+8613800138000", "+14155552671"} {
		if err := send(to); err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "2. primary outage: HTTP 500 isp.SYSTEM_ERROR, definitely not accepted → fail over")
	primarySrv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultSystemError, Action: "SendSms"})
	if err := send("+8613900139000"); err != nil {
		return err
	}

	fmt.Fprintln(w, "3. primary accepts, then the connection drops: outcome unknown → no failover")
	const to = "+8613700137000"
	primarySrv.QueueFault(aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept, Action: "SendSms"})
	if err := send(to); err == nil {
		return fmt.Errorf("the dropped connection went unnoticed")
	}
	fmt.Fprintf(w, "   the backup received %d message(s) for %s; the primary stored %d: check its receipts before sending again\n",
		len(backupSrv.MessagesTo(to)), sms.MaskPhone(to), len(primarySrv.MessagesTo(to)))
	return nil
}

// aliyunAccount starts an emulated Aliyun account that approved the sign and
// code its templates declare under key, and returns a Sender for it.
func aliyunAccount(key, keyID string, templates []sms.Template) (*aliyuntest.Server, *aliyun.Sender, error) {
	secret := keyID + "-secret"
	approved := map[string]aliyuntest.Template{}
	var signs []string
	for _, t := range templates {
		approved[t.Codes[key]] = aliyuntest.Template{Text: "您的验证码是${code}", Kind: aliyuntest.Verification}
		signs = append(signs, t.Signs[key])
	}
	srv := aliyuntest.NewServer(aliyuntest.Options{Keys: map[string]string{keyID: secret}, Signs: signs, Templates: approved})
	s, err := aliyun.New(aliyun.Options{AccessKeyID: keyID, AccessKeySecret: secret, Endpoint: srv.URL,
		TemplateKey: key, Templates: templates})
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	return srv, s, nil
}

// aliyunSaw describes the last message srv accepted for a number.
func aliyunSaw(srv *aliyuntest.Server) func(to, id string) string {
	return func(to, _ string) string {
		m, _ := srv.LastMessageTo(to)
		return "template " + m.TemplateCode + ", sign " + m.SignName
	}
}

// twilioSaw describes the message srv created with a SID, code masked.
func twilioSaw(srv *twiliotest.Server) func(to, id string) string {
	return func(_, id string) string {
		m, _ := srv.Message(id)
		return fmt.Sprintf("body %q", strings.ReplaceAll(m.Body, code, "******"))
	}
}
