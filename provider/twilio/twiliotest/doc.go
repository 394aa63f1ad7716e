// Package twiliotest is an emulator of Twilio's Messages and Verify v2 APIs for tests, in
// the style of net/http/httptest: NewServer starts a loopback HTTP server
// that the unmodified github.com/twilio/twilio-go client (and so
// provider/twilio) talks to, and that records every message it accepts.
//
// It creates, fetches and lists messages (GET .../Messages.json, newest
// first, filtered by To, From and DateSent, with the page URIs twilio-go
// follows). It checks HTTP basic auth (20003), the form parameters To, From or
// MessagingServiceSid, Body and StatusCallback (21604, 21211, 21603, 21212,
// 21606, 21705, 21602, 21617), and answers with Twilio's JSON shapes for
// messages and errors. Twilio's test-credential magic numbers behave as on
// Twilio: To +15005550001 is invalid (21211), +15005550002 cannot be routed
// (21612), +15005550003 lacks international permission (21408),
// +15005550004 is unsubscribed (21610), +15005550009 is not a mobile number
// (21614); From +15005550001 is invalid (21212), +15005550007 is not owned by
// the account (21606) and +15005550008 has a full queue (21611).
//
// A message's status moves from queued (accepted, with a Messaging Service)
// to sent to its outcome as time passes on the injected clock, evaluated when
// the message is fetched, so tests of delivery status never sleep.
//
// Verify v2 is served on the same server (twilio-go's verify.twilio.com
// requests reach it through the same Endpoint): POST /v2/Services (FriendlyName,
// CodeLength 4–10, default DefaultVerifyCodeLength) and GET
// /v2/Services/{sid}; POST /v2/Services/{sid}/Verifications (To in E.164,
// Channel "sms", optional CustomCode of 4–10 letters or digits and DeviceIp;
// 60200 otherwise) answers a pending verification and records its SMS as a
// message ("Your <FriendlyName> verification code is: <code>"); while the
// verification is pending the same code is sent again, and the sixth send is
// HTTP 429, code 60203. POST /v2/Services/{sid}/VerificationCheck (Code,
// and To or VerificationSid) answers approved or pending; the sixth check is
// HTTP 429, code 60202; with nothing pending (never started, approved,
// expired) it is HTTP 404, code 20404, as on Twilio, which forgets such
// verifications. GET /v2/Services/{sid}/Verifications/{sid} fetches a
// pending one. Codes are random digits of the service's length, valid for
// Options.VerifyValidFor (default 10 minutes) from the verification's start
// on the injected clock. Options.VerifyServices are every account's (default
// TestVerifyServiceSID); services created by a request are its account's.
// LastVerifyCode returns the code last sent to a number, as a user would
// read it; answers never hold a code.
//
// Faults are injected per request, from a queue (QueueFault) or a function
// (SetFaults), and removed with ClearFaults: error answers such as HTTP 500
// or 429 with code 20429, a gateway's HTML page (GatewayPage), redirects
// (Location) before or after the message is created, a 3xx that carries the
// created message's sid, a connection dropped before or after the message
// is created, and a stall that holds the answer until the test lets it go.
//
// The server is meant to run for long (a staging inbox) and bounds what any
// client can make it read or keep: request bodies (MaxRequestBytes; a
// longer one is answered HTTP 413, code 20413), request headers
// (MaxHeaderBytes), and the messages kept (Options.MaxMessages, oldest
// forgotten first). An unauthenticated request grows nothing but the
// request count.
//
// Usage, with provider/twilio:
//
//	srv := twiliotest.NewServer(twiliotest.Options{})
//	defer srv.Close()
//	sender, err := twilio.New(twilio.Options{
//		AccountSID: twiliotest.TestAccountSID,
//		AuthToken:  twiliotest.TestAuthToken,
//		From:       twiliotest.TestFrom,
//		Endpoint:   srv.URL,
//	})
//	// ... sender.Send(ctx, msg) ...
//	for _, m := range srv.Messages() {
//		fmt.Println(m.SID, m.Status, m.Body)
//	}
package twiliotest
