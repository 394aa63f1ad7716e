// Package twilio is smskit's Sender for Twilio's Messages API, built on the
// official github.com/twilio/twilio-go.
//
// Usage:
//
//	sender, err := twilio.New(twilio.Options{
//		AccountSID: os.Getenv("TWILIO_ACCOUNT_SID"),
//		AuthToken:  os.Getenv("TWILIO_AUTH_TOKEN"),
//		From:       "+15017122661", // or MessagingServiceSID: "MG…"
//		Templates: []sms.Template{{
//			Name: "login_code",
//			Text: "Your login code is ${code}. It expires in 5 minutes.",
//		}},
//	})
//	if err != nil {
//		log.Fatal(err) // bad options; New makes no network call
//	}
//	res, err := sender.Send(ctx, sms.Message{
//		To:       "+14155552671",
//		Template: "login_code",
//		Params:   map[string]string{"code": "123456"},
//	})
//	// res.MessageID is the message SID, "SM…".
//
// Twilio sends text, so a Message's text is its Body or, without one, its
// Template's Text from Options.Templates with its Params substituted for the
// ${name} placeholders; a missing param fails the send with
// InvalidArgument before anything is sent. Options.Templates takes the
// application's templates, declared once for every provider as
// sms.Template: the same slice goes to aliyun.New and route.New, and New
// fails, naming the template, on one without Text. Recipients are
// normalized to E.164. The sender (From) is a Message's Sign, or else its
// template's Signs["twilio"], or else Options.From. Twilio has no
// caller reference, so Message.Reference is not sent; correlate delivery
// receipts by Result.MessageID.
//
// # Errors
//
// Every error is an *sms.Error with ProviderCode set to Twilio's error code
// and RequestID to the Twilio-Request-Id. Its text is smskit's own: Twilio's
// messages quote phone numbers, so they are never copied. Nor is any link
// of its Unwrap chain, which error reporters print, as twilio-go returned
// it: an error answer is wrapped as a sanitized *client.TwilioRestError
// (find it with errors.As) holding Twilio's Code, the HTTP Status, smskit's
// text as Message, the code's page in Twilio's docs as MoreInfo and no
// Details; a transport error is wrapped only when no link of its chain
// shows the auth token, the recipient, the text or a param value (a
// *url.Error keeps its scheme and host only), and is replaced otherwise by
// its context error or by an error saying the details were withheld. The
// mapping:
//
//	HTTP 429, 20429, 14107, 21611      RateLimited, with Retry-After when sent
//	HTTP 500, 502, 503, other 5xx      Unavailable
//	HTTP 504                           Unavailable, may have been accepted
//	20003, 20005, 20008, 20404         PermissionDenied (credentials, account)
//	21212, 21606, 21705, 21408, 21608  PermissionDenied (sender, service, region)
//	21211, 21612, 21614, 21610         InvalidArgument (recipient; 21610: unsubscribed)
//	21602, 21603, 21604, 21609, 21617  InvalidArgument (request)
//	other 401 and 403                  PermissionDenied
//	anything else                      Unknown, keeping the code
//
// An error answer means Twilio did not create the message, so it is
// NotAccepted (but for 504). With no answer, NotAccepted says whether the
// request can have been written: a connection that cannot be made, or a
// context that ends, before the request got a connection is NotAccepted
// (Unavailable, Canceled or DeadlineExceeded); after, the message may have
// been accepted (Unknown, Canceled or DeadlineExceeded).
//
// # Contexts and twilio-go
//
// twilio-go builds its requests with context.Background() and has no base
// URL option. The Sender therefore gives each call a light twilio-go client
// whose http.Client transport carries the call's context, traces the
// connection (httptrace GotConn, which happens before any byte is written),
// records the answer's status and headers, and,
// with Options.BaseURL, rewrites api.twilio.com to the given URL. All calls
// share Options.HTTPTransport and so its connections. twilio-go's client is
// safe for concurrent use with basic auth, since sending only reads it; it
// leaves error answers' bodies open, which the Sender closes.
//
// The auth token travels only in the Authorization header: it is in no
// error, log line or String, and Options and Sender print without it.
//
// # Delivery status
//
// Sender implements sms.StatusChecker by fetching the message: queued,
// accepted, sending and sent are pending, delivered is delivered,
// undelivered and failed are failed with Twilio's error code.
//
// Package twiliotest emulates the Messages API for tests.
package twilio
