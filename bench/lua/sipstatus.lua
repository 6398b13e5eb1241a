-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- What a user would write instead of the sipstatus plugin, for bench/run to
-- compare against: a Lua post-dissector that reads sip.Status-Code and adds a
-- subtree and an expert item per SIP response.  Only a handful of codes have
-- a phrase and description; the cost per response does not depend on that.
--
-- Load with: tshark -X lua_script:bench/lua/sipstatus.lua ...

local status_code = Field.new("sip.Status-Code")

local proto = Proto("sipstatus_lua", "SIP Response Status (Lua)")

local class_names = {
	[1] = "Provisional",
	[2] = "Success",
	[3] = "Redirection",
	[4] = "Client Failure",
	[5] = "Server Failure",
	[6] = "Global Failure",
}

local f_code = ProtoField.uint16("sipstatus_lua.code", "Code")
local f_class = ProtoField.uint8("sipstatus_lua.class", "Class", base.DEC, class_names)
local f_phrase = ProtoField.string("sipstatus_lua.phrase", "Registered phrase")
local f_description = ProtoField.string("sipstatus_lua.description", "Description")
local f_reference = ProtoField.string("sipstatus_lua.reference", "Reference")
local f_registered = ProtoField.bool("sipstatus_lua.registered", "Registered")
proto.fields = { f_code, f_class, f_phrase, f_description, f_reference, f_registered }

-- One expert item per severity: Lua cannot cheaply register one per code.
local e_chat = ProtoExpert.new("sipstatus_lua.chat", "SIP response",
	expert.group.RESPONSE_CODE, expert.severity.CHAT)
local e_note = ProtoExpert.new("sipstatus_lua.note", "SIP redirection",
	expert.group.RESPONSE_CODE, expert.severity.NOTE)
local e_warn = ProtoExpert.new("sipstatus_lua.warn", "SIP client failure",
	expert.group.RESPONSE_CODE, expert.severity.WARN)
local e_error = ProtoExpert.new("sipstatus_lua.error", "SIP server or global failure",
	expert.group.RESPONSE_CODE, expert.severity.ERROR)
local e_range = ProtoExpert.new("sipstatus_lua.out_of_range", "SIP status code outside 100-699",
	expert.group.MALFORMED, expert.severity.ERROR)
proto.experts = { e_chat, e_note, e_warn, e_error, e_range }

local class_expert = { e_chat, e_chat, e_note, e_warn, e_error, e_error }

local codes = {
	[100] = { "Trying", "RFC 3261", "Extended search being performed, may take a significant time." },
	[180] = { "Ringing", "RFC 3261", "Destination user agent received INVITE, and is alerting user of call." },
	[183] = { "Session Progress", "RFC 3261", "This response may be used to send extra information for a call which is still being set up." },
	[200] = { "OK", "RFC 3261", "Indicates that the request was successful." },
	[401] = { "Unauthorized", "RFC 3261", "The request requires user authentication." },
	[403] = { "Forbidden", "RFC 3261", "The server understood the request, but is refusing to fulfil it." },
	[404] = { "Not Found", "RFC 3261", "The server has definitive information that the user does not exist at the domain specified in the Request-URI." },
	[407] = { "Proxy Authentication Required", "RFC 3261", "The request requires user authentication." },
	[408] = { "Request Timeout", "RFC 3261", "Couldn't find the user in time." },
	[480] = { "Temporarily Unavailable", "RFC 3261", "Callee currently unavailable." },
	[486] = { "Busy Here", "RFC 3261", "Callee is busy." },
	[487] = { "Request Terminated", "RFC 3261", "Request has terminated by bye or cancel." },
	[488] = { "Not Acceptable Here", "RFC 3261", "Some aspect of the session description or the Request-URI is not acceptable." },
	[503] = { "Service Unavailable", "RFC 3261", "The server is in maintenance or is temporarily overloaded and cannot process the request." },
	[603] = { "Decline", "RFC 3261", "Destination cannot/doesn't wish to participate in the call, no alternative destinations." },
}

function proto.dissector(tvb, pinfo, tree)
	local fields = { status_code() }
	for _, field in ipairs(fields) do
		local code = field.value
		local class = 0
		if code >= 100 and code <= 699 then
			class = math.floor(code / 100)
		end
		local info = codes[code]
		local top = tree:add(proto, tvb:range(0, 0))
		if info then
			top:append_text(": " .. code .. " " .. info[1])
		else
			top:append_text(": " .. code .. " (unregistered)")
		end
		top:add(f_code, code):set_generated()
		if class > 0 then
			top:add(f_class, class):set_generated()
		end
		if info then
			top:add(f_phrase, info[1]):set_generated()
			top:add(f_description, info[3]):set_generated()
			top:add(f_reference, info[2]):set_generated()
		end
		top:add(f_registered, info ~= nil):set_generated()

		if class == 0 then
			top:add_proto_expert_info(e_range, "SIP status code " .. code .. " is outside 100-699")
		elseif info then
			top:add_proto_expert_info(class_expert[class], code .. " " .. info[1] .. ": " .. info[3])
		else
			top:add_proto_expert_info(class_expert[class], code .. " is not a registered SIP response code")
		end
	end
end

register_postdissector(proto)
