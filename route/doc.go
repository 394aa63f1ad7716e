// Package route builds an sms.Sender made of Senders: it routes each message
// by its recipient and fails over from one provider to the next, but only
// when that cannot send the message twice.
//
// A router sends mainland numbers through Aliyun, splitting them 80/20
// between two accounts that fail over to each other and then to Twilio,
// and everything else through Twilio:
//
//	router, err := route.New(route.Options{
//		Routes: []route.Route{
//			{
//				Name:     "mainland",
//				Prefixes: []string{"+86"},
//				Targets: []route.Target{
//					{Name: "aliyun-a", Sender: aliyunA, Weight: 80},
//					{Name: "aliyun-b", Sender: aliyunB, Weight: 20},
//					{Name: "twilio", Sender: twilioSender},
//				},
//			},
//			{Name: "world", Targets: []route.Target{{Name: "twilio", Sender: twilioSender}}},
//		},
//		Templates: []sms.Template{{
//			Name:  "login_code",
//			Text:  "Your login code is ${code}.",
//			Codes: map[string]string{"aliyun": "SMS_123456789"},
//		}},
//	})
//	if err != nil {
//		return err // a bad option, or a template some target cannot serve
//	}
//	res, err := router.Send(ctx, sms.Message{
//		To:       "+8613800138000",
//		Template: "login_code",
//		Params:   map[string]string{"code": "123456"},
//	})
//	if err == nil {
//		log.Printf("sent by %s", res.Provider) // "aliyun-a", "aliyun-b" or "twilio"
//	}
//
// # Failover
//
// A failed target hands the message to the next one only when the failure
// is specific to that provider and the message was definitely not accepted
// (see DefaultFailOver): an outage, provider-wide throttling, bad
// credentials, an empty balance, a sign or template not approved. It never
// fails over on an invalid recipient or params, a per-recipient limit, the
// caller's cancellation or deadline, or a failure that may have been
// accepted, such as a timeout after the request was written: an SMS cannot
// be recalled, and two verification codes confuse their reader.
//
// When every target tried fails, the error is an *sms.Error wrapping an
// *Error that lists each target's failure; its text names each, errors.Is
// and errors.As reach each, and it is NotAccepted only when every target
// definitely did not accept the message.
//
// # Templates and middleware
//
// New checks Options.Templates against each target that implements
// sms.TemplateChecker, through any middleware around it (every wrapper in
// this module has Unwrap; sms.As finds the capability), so a template some
// provider cannot serve fails at construction. Give each provider the same
// []sms.Template in its own Options.Templates: a provider also refuses a
// template it was not built with. Send refuses, before any target sees it,
// an undeclared template, params that do not match the template's Text, and
// an international template to a mainland China number.
//
// # Delivery status
//
// A Router is an sms.StatusChecker: StatusQuery.Provider (the
// Result.Provider Send returned, the target's name) picks the target to
// ask, through its middleware.
//
// # Middleware
//
// Wrap each target's provider in its own
// retry, circuit breaker and QPS limit, and the Router in the per-recipient
// limit and logging, so that a message is counted once however many
// providers it tries.
package route
