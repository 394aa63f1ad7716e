package aliyun

import "github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

// The Dysmsapi API as the SDK's typed requests (dysmsapi.CreateSendSmsRequest
// and the like) describe it.
const (
	apiProduct      = "Dysmsapi"
	apiVersion      = "2017-05-25"
	apiServiceCode  = "dysms"
	apiEndpointType = "openAPI"
)

// rpcRequest is an SDK request of one Dysmsapi action whose parameters are
// set directly as query parameters. It is what the SDK's typed request of
// the action (such as dysmsapi.SendSmsRequest) becomes once the SDK has
// turned its tagged fields into query parameters, a step that reads every
// field's struct tags by reflection on every call; rpcRequest has no tagged
// fields, so the SDK finds nothing to do there. TestRPCRequestMatchesSDK
// checks that both give the same parameters.
type rpcRequest struct {
	*requests.RpcRequest
}

// newRPCRequest returns an empty request of action, as the SDK makes one.
func newRPCRequest(action string) *rpcRequest {
	r := &rpcRequest{RpcRequest: &requests.RpcRequest{}}
	r.InitWithApiInfo(apiProduct, apiVersion, action, apiServiceCode, apiEndpointType)
	r.Method = requests.POST
	return r
}

// param is one query parameter of an action.
type param struct{ name, value string }

// maxParams is the most parameters an action of this package takes.
const maxParams = 6

// action is what one SDK call asks for: an action and its parameters. An
// empty value sends no parameter, as with the SDK's typed requests.
type action struct {
	name   string
	params [maxParams]param
	n      int
}

// add appends the parameter name=value.
func (a *action) add(name, value string) {
	a.params[a.n] = param{name, value}
	a.n++
}

// reset makes r a fresh request of a, keeping its maps' storage. The SDK
// writes every other field of a request afresh on every call.
func (r *rpcRequest) reset(a *action) {
	clear(r.QueryParams)
	clear(r.FormParams)
	for _, p := range a.params[:a.n] {
		if p.value != "" {
			r.QueryParams[p.name] = p.value
		}
	}
}
