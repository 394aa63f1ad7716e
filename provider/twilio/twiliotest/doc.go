// Package twiliotest is an emulator of Twilio's Messages API for tests, in
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
