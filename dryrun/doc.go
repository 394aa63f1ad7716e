// Package dryrun provides an sms.Sender for staging environments: it runs the
// whole sending path — the checks a provider makes before any request
// (sms.Validator.Prepare, with the provider's Rules and the application's
// declared templates) — and then delivers nothing. It logs one masked line
// per message and keeps the most recent messages in bounded memory, so that
// QA can read the verification codes that "would have been sent".
//
// Swap it in for the provider at the bottom of the middleware chain, so rate
// limits, retries and logging above it run as in production, and give it
// the provider's rules and the same templates, so that a message production
// would refuse is refused in staging with the same error:
//
//	production := aliyun.Options{SignName: "smskit", Templates: templates /* , AccessKey… */}
//	var provider sms.Sender
//	if staging {
//		dry, err := dryrun.New(dryrun.Options{
//			Provider:  aliyun.Name,        // report the provider it stands in for
//			Rules:     production.Rules(), // templates only, kinds, Aliyun's lengths and signs
//			Templates: production.Templates,
//			Logger:    logger,
//			Keep:      500,
//		})
//		if err != nil {
//			return err // errors.Is(err, sms.ErrInvalidOptions)
//		}
//		provider = dry
//		adminMux.Handle("/staging/sms", requireStaff(dry.Handler())) // never public
//	} else {
//		live, err := aliyun.New(production)
//		if err != nil {
//			return err
//		}
//		provider = live
//	}
//	sender := sms.Chain(logging, perRecipientLimit, retry)(provider)
//
// QA reads a code with Code (or Last, SentTo, Records, or the Handler's
// JSON):
//
//	code, ok := dry.Code("138 0013 8000", "code")
//
// Every accepted message gets a Result with DryRun true and a MessageID that
// starts with "dryrun-", whatever Provider says, so a dry-run id is never
// mistaken for a real one. A check of your own belongs in
// Rules.CheckMessage; an error it returns that is not an *sms.Error is an
// InvalidArgument, not accepted, whose text is never printed.
//
// Sender implements sms.TemplateChecker with its Rules and Templates. It
// wraps nothing (no Unwrap).
//
// # Names shared with package fake
//
// dryrun and fake use one vocabulary: Options.Provider, DefaultRegion,
// Rules, Templates and Now mean the same in both; a Record is one accepted
// message as the Sender keeps it (Message, Time, Result; fake.Record also
// has Err, since the fake records failures too); Records, Messages,
// SentTo(number), Last(number) and Code(number, param) have the same
// meaning, over the last Keep accepted messages here. Numbers given to them
// may be in any format sms.Normalize accepts, read in DefaultRegion.
//
// # Opening from a URL
//
// Importing this package registers the "dryrun" scheme with
// sms.RegisterScheme, so sms.OpenSender opens "dryrun://" and
// "dryrun://?provider=aliyun&templates=FILE"; see OptionsFromURL.
package dryrun
