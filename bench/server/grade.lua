-- wrk script for bench/server/run.sh: POST /v1/math/grade with `batch` fresh items per request.
--
-- Arguments (after `--`): batch size, run name. Every item is a new (problem, candidate) pair,
-- so nothing is answered from the store: each verdict is graded and written. The answers mix
-- the usual forms: integers, \dfrac vs a/b, decimals vs \frac, wrong answers, equivalent
-- expressions, GSM8K `####`.

local batch = 1
local run = "bench"
local counter = 0
local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("thread_id", #threads)
end

function init(args)
    batch = tonumber(args[1] or "1")
    run = args[2] or "bench"
end

local function item(n)
    local k = n % 6
    if k == 0 then
        return string.format('{"completion":"Adding them up, the answer is \\\\boxed{%d}.","gold":"%d"}', n, n)
    elseif k == 1 then
        return string.format('{"completion":"Thus $\\\\boxed{\\\\dfrac{%d}{%d}}$.","gold":"%d/%d"}', n, n + 1, n, n + 1)
    elseif k == 2 then
        return string.format('{"completion":"The final answer is %d.25","gold":"\\\\frac{%d}{4}"}', n, 4 * n + 1)
    elseif k == 3 then
        return string.format('{"completion":"So we get \\\\boxed{%d}","gold":"%d"}', n + 1, n)
    elseif k == 4 then
        return string.format('{"completion":"\\\\boxed{%dx + 1}","gold":"1+%dx"}', n, n)
    else
        return string.format('{"completion":"... 12 + 30 = 42\\n#### %d","gold":"%d"}', n, n)
    end
end

function request()
    local parts = {}
    for i = 1, batch do
        counter = counter + 1
        parts[i] = item(counter * 16 + thread_id)
    end
    local body = '{"run":"' .. run .. '","items":[' .. table.concat(parts, ",") .. ']}'
    return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
    if status ~= 200 then
        io.stderr:write("status " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
    end
end
