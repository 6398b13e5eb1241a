/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP response-code table.
 *
 * Phrases and references follow the IANA "Response Codes" registry of the
 * SIP parameters (plus the historic 409 and 411 of RFC 2543, which IANA never
 * registered).  Descriptions are taken from the documents in shared/seeds:
 * the help-centre page (000) where its sentence is sound, otherwise the
 * Wikipedia-based cheat sheet (004), then the SDK reference (002); 425 and
 * 608 are in none of them and are summarised from their RFCs.  `source`
 * records which one each description came from.
 */
#include "status-codes.h"

/* Seed documents, named once so that a typo cannot creep into `source`. */
#define SRC_000 "000_bcb52f921a0d9861.txt"
#define SRC_004 "004_395d6b432faa621a.txt"

#define IDX(c) ((c)-SIPSTATUS_CODE_MIN)

/*
 * Indexed by code - SIPSTATUS_CODE_MIN so that a lookup is one bounds check
 * and one load; slots of unassigned codes stay zero (code 0 = empty).
 */
static const sipstatus_code_info table[SIPSTATUS_CODE_MAX - SIPSTATUS_CODE_MIN + 1] = {
        /* 1xx Provisional */
        [IDX(100)] = {100, "Trying", "RFC 3261",
                      "Extended search is being performed so a forking proxy must send a 100 "
                      "Trying response.",
                      SRC_000, 1},
        [IDX(180)] = {180, "Ringing", "RFC 3261",
                      "The Destination User Agent has received the INVITE message and is alerting "
                      "the user of call.",
                      SRC_000, 1},
        [IDX(181)] = {181, "Call Is Being Forwarded", "RFC 3261",
                      "Optional, sent by Server to indicate a call is being forwarded.", SRC_000,
                      1},
        [IDX(182)] = {182, "Queued", "RFC 3261",
                      "Destination was temporarily unavailable, the server has queued the call "
                      "until the destination is available.",
                      SRC_000, 1},
        [IDX(183)] = {183, "Session Progress", "RFC 3261",
                      "This response may be used to send extra information for a call which is "
                      "still being set up.",
                      SRC_000, 1},
        [IDX(199)] = {199, "Early Dialog Terminated", "RFC 6228",
                      "Sent by the User Agent Server to indicate that an early dialogue has been "
                      "terminated.",
                      SRC_000, 1},

        /* 2xx Success */
        [IDX(200)] = {200, "OK", "RFC 3261", "Shows that the request was successful.", SRC_000, 1},
        /* IANA lists 202 as "Accepted (Deprecated)"; the reason phrase is "Accepted". */
        [IDX(202)] =
                {202, "Accepted", "RFC 6665",
                 "Indicates that the request has been accepted for processing, mainly used for "
                 "referrals.",
                 SRC_000, 1},
        [IDX(204)] = {204, "No Notification", "RFC 5839",
                      "Indicates that the request was successful but no response will be received.",
                      SRC_000, 1},

        /* 3xx Redirection */
        [IDX(300)] = {300, "Multiple Choices", "RFC 3261",
                      "The address resolved to one of several options for the user or client to "
                      "choose between.",
                      SRC_000, 1},
        [IDX(301)] =
                {301, "Moved Permanently", "RFC 3261",
                 "The original Request URI is no longer valid, the new address is given in the "
                 "Contact header.",
                 SRC_000, 1},
        [IDX(302)] = {302, "Moved Temporarily", "RFC 3261",
                      "The client should try at the address in the Contact field.", SRC_000, 1},
        [IDX(305)] = {305, "Use Proxy", "RFC 3261",
                      "The Contact field details a proxy that must be used to access the requested "
                      "destination.",
                      SRC_000, 1},
        [IDX(380)] = {380, "Alternative Service", "RFC 3261",
                      "The call failed, but alternatives are detailed in the message body.",
                      SRC_000, 1},

        /* 4xx Client Failure */
        [IDX(400)] = {400, "Bad Request", "RFC 3261",
                      "The request could not be understood due to malformed syntax.", SRC_000, 1},
        [IDX(401)] = {401, "Unauthorized", "RFC 3261",
                      "The request requires user authentication. This response is issued by UASs "
                      "and registrars.",
                      SRC_000, 1},
        [IDX(402)] = {402, "Payment Required", "RFC 3261", "(Reserved for future use).", SRC_000,
                      1},
        [IDX(403)] = {403, "Forbidden", "RFC 3261",
                      "The server understood the request, but is refusing to fulfil it.", SRC_000,
                      1},
        /* 000 breaks off mid-sentence ("does not exist at the (User not found)"). */
        [IDX(404)] = {404, "Not Found", "RFC 3261",
                      "The server has definitive information that the user does not exist at the "
                      "domain specified in the Request-URI. This status is also returned if the "
                      "domain in the Request-URI does not match any of the domains handled by the "
                      "recipient of the request.",
                      SRC_004, 1},
        [IDX(405)] = {405, "Method Not Allowed", "RFC 3261",
                      "The method specified in the Request-Line is understood, but not allowed.",
                      SRC_000, 1},
        [IDX(406)] = {406, "Not Acceptable", "RFC 3261",
                      "The resource is only capable of generating responses with unacceptable "
                      "content.",
                      SRC_000, 1},
        [IDX(407)] = {407, "Proxy Authentication Required", "RFC 3261",
                      "The request requires user authentication.", SRC_000, 1},
        [IDX(408)] = {408, "Request Timeout", "RFC 3261", "Couldn't find the user in time.",
                      SRC_000, 1},
        /* Historic (RFC 2543): dropped by RFC 3261 and never registered. */
        [IDX(409)] = {409, "Conflict", "RFC 2543", "User already registered (deprecated).", SRC_000,
                      0},
        [IDX(410)] = {410, "Gone", "RFC 3261",
                      "The user existed once but is not available here any more.", SRC_000, 1},
        [IDX(411)] = {411, "Length Required", "RFC 2543",
                      "The server will not accept the request without a valid content length "
                      "(deprecated).",
                      SRC_000, 0},
        [IDX(412)] = {412, "Conditional Request Failed", "RFC 3903",
                      "The given precondition has not been met.", SRC_000, 1},
        [IDX(413)] = {413, "Request Entity Too Large", "RFC 3261", "Request body too large.",
                      SRC_000, 1},
        [IDX(414)] =
                {414, "Request-URI Too Long", "RFC 3261",
                 "Server refuses to service the request, the Req-URI is longer than the server "
                 "can interpret.",
                 SRC_000, 1},
        [IDX(415)] = {415, "Unsupported Media Type", "RFC 3261",
                      "Request body is in a non-supported format.", SRC_000, 1},
        [IDX(416)] = {416, "Unsupported URI Scheme", "RFC 3261",
                      "Request-URI is unknown to the server.", SRC_000, 1},
        [IDX(417)] = {417, "Unknown Resource-Priority", "RFC 4412",
                      "There was a resource-priority option tag, but no Resource-Priority header.",
                      SRC_000, 1},
        [IDX(420)] = {420, "Bad Extension", "RFC 3261",
                      "Bad SIP Protocol Extension used, not understood by the server.", SRC_000, 1},
        [IDX(421)] = {421, "Extension Required", "RFC 3261",
                      "The server needs a specific extension not listed in the Supported header.",
                      SRC_000, 1},
        [IDX(422)] = {422, "Session Interval Too Small", "RFC 4028",
                      "The request contains a Session-Expires header field with a duration below "
                      "the minimum.",
                      SRC_000, 1},
        [IDX(423)] = {423, "Interval Too Brief", "RFC 3261",
                      "Expiration time of the resource is too short.", SRC_000, 1},
        [IDX(424)] = {424, "Bad Location Information", "RFC 6442",
                      "The request's location content was malformed or otherwise unsatisfactory.",
                      SRC_000, 1},
        /* In no seed document; summarised from RFC 8876 section 5.1. */
        [IDX(425)] = {425, "Bad Alert Message", "RFC 8876",
                      "The recipient rejected a non-interactive emergency call because its alert "
                      "message was malformed enough that no reasonable emergency response to the "
                      "alert can be determined.",
                      "RFC 8876", 1},
        [IDX(428)] = {428, "Use Identity Header", "RFC 8224",
                      "The server policy requires an Identity header, and one has not been "
                      "provided.",
                      SRC_000, 1},
        [IDX(429)] = {429, "Provide Referrer Identity", "RFC 3892",
                      "The server did not receive a valid Referred-By token on the request.",
                      SRC_000, 1},
        [IDX(430)] = {430, "Flow Failed", "RFC 5626",
                      "A specific flow to a user agent has failed, although other flows may "
                      "succeed.",
                      SRC_000, 1},
        [IDX(433)] = {433, "Anonymity Disallowed", "RFC 5079",
                      "The request has been rejected because it was anonymous.", SRC_000, 1},
        [IDX(436)] = {436, "Bad Identity Info", "RFC 8224",
                      "The request has an Identity-Info header and the URI scheme contained cannot "
                      "be de-referenced.",
                      SRC_000, 1},
        [IDX(437)] = {437, "Unsupported Credential", "RFC 8224",
                      "The server was unable to validate a certificate for the domain that signed "
                      "the request.",
                      SRC_000, 1},
        /* 000 lacks the "but" that makes its sentence grammatical. */
        [IDX(438)] =
                {438, "Invalid Identity Header", "RFC 8224",
                 "The server obtained a valid certificate that the request claimed was used to "
                 "sign the request, but was unable to verify that signature.",
                 SRC_004, 1},
        [IDX(439)] = {439, "First Hop Lacks Outbound Support", "RFC 5626",
                      "The first outbound proxy doesn't support the \"outbound\" feature.", SRC_000,
                      1},
        [IDX(440)] =
                {440, "Max-Breadth Exceeded", "RFC 5393",
                 "If a SIP proxy determined a response context had insufficient Incoming "
                 "Max-Breadth to carry out a desired parallel fork, and the proxy is "
                 "unwilling/unable to compensate by forking serially or sending a redirect, "
                 "that proxy MUST return a 440 response. A client receiving a 440 response can "
                 "infer that its request did not reach all possible destinations.",
                 SRC_000, 1},
        [IDX(469)] =
                {469, "Bad Info Package", "RFC 6086",
                 "If a SIP UA receives an INFO request associated with an Info Package that the "
                 "UA has not indicated willingness to receive, the UA MUST send a 469 "
                 "response, which contains a Recv-Info header field with Info Packages for "
                 "which UA is willing to receive INFO requests.",
                 SRC_000, 1},
        [IDX(470)] = {470, "Consent Needed", "RFC 5360",
                      "The source of the request did not have the permission of the recipient to "
                      "make such a request.",
                      SRC_000, 1},
        [IDX(480)] = {480, "Temporarily Unavailable", "RFC 3261", "Callee currently unavailable.",
                      SRC_000, 1},
        [IDX(481)] = {481, "Call/Transaction Does Not Exist", "RFC 3261",
                      "Server received a request that does not match any dialogue or transaction.",
                      SRC_000, 1},
        [IDX(482)] = {482, "Loop Detected", "RFC 3261", "Server has detected a loop.", SRC_000, 1},
        [IDX(483)] = {483, "Too Many Hops", "RFC 3261",
                      "Max-Forwards header has reached the value '0'.", SRC_000, 1},
        [IDX(484)] = {484, "Address Incomplete", "RFC 3261", "Request-URI incomplete.", SRC_000, 1},
        [IDX(485)] = {485, "Ambiguous", "RFC 3261", "Request-URI is ambiguous.", SRC_000, 1},
        [IDX(486)] = {486, "Busy Here", "RFC 3261", "Callee is busy.", SRC_000, 1},
        [IDX(487)] = {487, "Request Terminated", "RFC 3261",
                      "Request has terminated by bye or cancel.", SRC_000, 1},
        /* 000 says "session description of the Request-URI", which is wrong. */
        [IDX(488)] = {488, "Not Acceptable Here", "RFC 3261",
                      "Some aspect of the session description or the Request-URI is not "
                      "acceptable.",
                      SRC_004, 1},
        [IDX(489)] = {489, "Bad Event", "RFC 6665",
                      "The server did not understand an event package specified in an Event header "
                      "field.",
                      SRC_000, 1},
        [IDX(491)] = {491, "Request Pending", "RFC 3261",
                      "Server has some pending request from the same dialogue.", SRC_000, 1},
        /* 000 has the phrase glued to the sentence ("UndecipherableRequest ..."). */
        [IDX(493)] = {493, "Undecipherable", "RFC 3261",
                      "Request contains an encrypted MIME body, which recipient can not decrypt.",
                      SRC_004, 1},
        [IDX(494)] = {494, "Security Agreement Required", "RFC 3329",
                      "The server has received a request that requires a negotiated security "
                      "mechanism.",
                      SRC_000, 1},

        /* 5xx Server Failure */
        [IDX(500)] = {500, "Server Internal Error", "RFC 3261",
                      "The server could not fulfill the request due to some unexpected condition.",
                      SRC_000, 1},
        [IDX(501)] = {501, "Not Implemented", "RFC 3261",
                      "The SIP request method is not implemented here.", SRC_000, 1},
        [IDX(502)] = {502, "Bad Gateway", "RFC 3261",
                      "The server received an invalid response from a downstream server while "
                      "trying to fulfill a request.",
                      SRC_000, 1},
        [IDX(503)] =
                {503, "Service Unavailable", "RFC 3261",
                 "The server is in maintenance or is temporarily overloaded and cannot process "
                 "the request.",
                 SRC_000, 1},
        [IDX(504)] =
                {504, "Server Time-out", "RFC 3261",
                 "The server tried to access another server while trying to process a request, "
                 "no timely response.",
                 SRC_000, 1},
        [IDX(505)] = {505, "Version Not Supported", "RFC 3261",
                      "The SIP protocol version in the request is not supported by the server.",
                      SRC_000, 1},
        [IDX(513)] = {513, "Message Too Large", "RFC 3261",
                      "The request message length is longer than the server can process.", SRC_000,
                      1},
        [IDX(555)] = {555, "Push Notification Service Not Supported", "RFC 8599",
                      "The server does not support the push notification service specified in the "
                      "pn-provider SIP URI parameter.",
                      SRC_000, 1},
        [IDX(580)] = {580, "Precondition Failure", "RFC 3312",
                      "The server is unable or unwilling to meet some constraints specified in the "
                      "offer.",
                      SRC_000, 1},

        /* 6xx Global Failure */
        [IDX(600)] = {600, "Busy Everywhere", "RFC 3261", "All possible destinations are busy.",
                      SRC_000, 1},
        [IDX(603)] = {603, "Decline", "RFC 3261",
                      "Destination cannot/doesn't wish to participate in the call, no alternative "
                      "destinations.",
                      SRC_000, 1},
        [IDX(604)] = {604, "Does Not Exist Anywhere", "RFC 3261",
                      "The server has authoritative information that the requested user does not "
                      "exist anywhere.",
                      SRC_000, 1},
        [IDX(606)] = {606, "Not Acceptable", "RFC 3261",
                      "The user's agent was contacted successfully but some aspects of the session "
                      "description were not acceptable.",
                      SRC_000, 1},
        [IDX(607)] = {607, "Unwanted", "RFC 8197",
                      "The called party did not want his call from the calling party. Future "
                      "attempts from the calling party are likely to be similarly rejected.",
                      SRC_000, 1},
        /* In no seed document; summarised from RFC 8688. */
        [IDX(608)] = {608, "Rejected", "RFC 8688",
                      "An intermediary, such as a call-analytics engine, rejected the call; the "
                      "response may carry a jCard in the Call-Info header field identifying who "
                      "rejected it.",
                      "RFC 8688", 1},
};

#define TABLE_LEN (sizeof(table) / sizeof(table[0]))

const sipstatus_code_info *sipstatus_code_lookup(unsigned code)
{
	/* Check before subtracting: code - MIN would wrap for code < MIN. */
	if (code < SIPSTATUS_CODE_MIN || code > SIPSTATUS_CODE_MAX)
		return NULL;
	if (table[code - SIPSTATUS_CODE_MIN].code == 0)
		return NULL;
	return &table[code - SIPSTATUS_CODE_MIN];
}

unsigned sipstatus_code_class(unsigned code)
{
	if (code < SIPSTATUS_CODE_MIN || code > SIPSTATUS_CODE_MAX)
		return 0;
	return code / 100;
}

const char *sipstatus_class_name(unsigned response_class)
{
	static const char *const names[] = {
	        [1] = "Provisional",    [2] = "Success",        [3] = "Redirection",
	        [4] = "Client Failure", [5] = "Server Failure", [6] = "Global Failure",
	};

	if (response_class < 1 || response_class > 6)
		return NULL;
	return names[response_class];
}

sipstatus_severity sipstatus_class_severity(unsigned response_class)
{
	switch (response_class) {
	case 1:
	case 2:
		return SIPSTATUS_SEVERITY_CHAT;
	case 3:
		return SIPSTATUS_SEVERITY_NOTE;
	case 4:
		return SIPSTATUS_SEVERITY_WARN;
	default:
		/* 5xx, 6xx and anything that is not a response class at all. */
		return SIPSTATUS_SEVERITY_ERROR;
	}
}

/*
 * Count and index by walking the table rather than keeping a second list
 * that could drift from it; both run only at registration, so the O(n)
 * walk over 600 slots costs nothing that matters.
 */
size_t sipstatus_code_count(void)
{
	size_t i, n = 0;

	for (i = 0; i < TABLE_LEN; i++)
		if (table[i].code != 0)
			n++;
	return n;
}

const sipstatus_code_info *sipstatus_code_at(size_t index)
{
	size_t i;

	for (i = 0; i < TABLE_LEN; i++) {
		if (table[i].code == 0)
			continue;
		if (index == 0)
			return &table[i];
		index--;
	}
	return NULL;
}

unsigned sipstatus_code_treated_as(unsigned code)
{
	unsigned response_class = sipstatus_code_class(code);

	/* "...any provisional response different than 100 that it does not
	 * recognize as 183 (Session Progress)." */
	if (response_class == 1)
		return 183;
	return response_class * 100;
}
