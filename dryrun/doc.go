// Package dryrun provides an sms.Sender for staging environments: it runs the
// whole sending path — validation and normalization exactly as a provider
// does, plus an optional provider-specific Check — and then delivers nothing.
// It logs one masked line per message and keeps the most recent messages in
// bounded memory, so that QA can read the verification codes that "would
// have been sent".
//
// Swap it in for the provider at the bottom of the middleware chain, so rate
// limits, retries and logging above it run as in production:
//
//	var provider sms.Sender = aliyunSender
//	if staging {
//		dry := dryrun.New(dryrun.Options{
//			Provider: "aliyun", // report the provider it stands in for
//			Logger:   logger,
//			Keep:     500,
//			Check: func(m sms.Message) error { // the provider's own rules
//				if _, ok := templateCodes[m.Template]; !ok {
//					return errors.New("no Aliyun template for this name")
//				}
//				return nil
//			},
//		})
//		provider = dry
//		adminMux.Handle("/staging/sms", requireStaff(dry.Handler())) // never public
//	}
//	sender := sms.Chain(logging, perRecipientLimit, retry)(provider)
//
// QA reads a code with Last (or Messages, or the Handler's JSON):
//
//	msg, ok := dry.Last("138 0013 8000")
//	code := msg.Params["code"]
//
// Every accepted message gets a Result with DryRun true and a MessageID that
// starts with "dryrun-", whatever Provider says, so a dry-run id is never
// mistaken for a real one.
package dryrun
