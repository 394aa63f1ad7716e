package aliyunvoice

import (
	"net/url"
	"strconv"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/urlopt"
)

// Scheme is the URL scheme this package registers with sms.RegisterScheme:
// importing the package makes sms.OpenSender open "aliyun-voice://" URLs.
const Scheme = Name

// urlForm is the form of this package's URLs.
var urlForm = urlopt.Form{Provider: Name, Scheme: Scheme, User: "ACCESS_KEY_ID", Password: "ACCESS_KEY_SECRET"}

func init() { sms.RegisterScheme(Scheme, urlopt.Opener(OptionsFromURL, New)) }

// OptionsFromURL returns the Options an "aliyun-voice://" URL describes:
//
//	aliyun-voice://[ACCESS_KEY_ID:ACCESS_KEY_SECRET@]HOST[?param=value...]
//
//	URL part           Options field      Note
//	userinfo           AccessKeyID:       absent: the SDK's default chain
//	                   AccessKeySecret
//	host               Endpoint           "default" or empty: DefaultEndpoint
//	protocol=http      Endpoint's scheme  https (default) or http (an emulator)
//	show_number        CalledShowNumber   digits; absent: public mode
//	play_times         PlayTimes          1 to 3
//	volume             Volume             1 to 100
//	speed              Speed              -500 to 500
//	region             RegionID           default cn-hangzhou
//	templates          Templates          path of a JSON templates file
//	allow_undeclared   AllowUndeclared    true or false
//	template_key       TemplateKey        default "aliyun-voice"
//	connect_timeout    ConnectTimeout     a duration, such as 5s
//	timeout            Timeout            a duration, such as 10s
//	max_idle_conns     MaxIdleConns       a positive integer
//
// Example: "aliyun-voice://KEY_ID:SECRET@default?show_number=057100000000".
// Without templates, Message.Template is sent as the TTS code itself. An
// unknown parameter or a malformed value is an error wrapping
// sms.ErrInvalidOptions that quotes no value and no userinfo.
func OptionsFromURL(u *url.URL) (Options, error) {
	var o Options
	q, h, err := urlForm.Read(u)
	if err != nil {
		return o, err
	}
	o.AccessKeyID, o.AccessKeySecret, o.Endpoint = h.ID, h.Secret, h.Endpoint
	o.CalledShowNumber = q.String("show_number")
	o.PlayTimes = q.Int("play_times")
	o.Volume = q.Int("volume")
	speed := q.String("speed")
	o.RegionID = q.String("region")
	t := urlopt.ReadTemplateParams(q)
	o.Templates, o.AllowUndeclared, o.TemplateKey = t.Templates, t.AllowUndeclared, t.Key
	c := urlopt.ReadHTTPParams(q)
	o.ConnectTimeout, o.Timeout, o.MaxIdleConns = c.ConnectTimeout, c.Timeout, c.MaxIdleConns
	if err := q.Done(); err != nil {
		return Options{}, err
	}
	if speed != "" {
		n, err := strconv.Atoi(speed)
		if err != nil {
			return Options{}, q.Err("speed", "is not an integer")
		}
		o.Speed = n
	}
	return o, nil
}
