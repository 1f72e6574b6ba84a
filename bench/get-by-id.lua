-- GET /users/{id} over a set of ids: bench/out/ids.lua (the hot set written by bench/run.sh), or the file
-- named after wrk's `--` (e.g. `wrk … -s bench/get-by-id.lua URL -- bench/out/random-ids.lua`).
local ids

function init(args)
  ids = dofile(args[1] or "bench/out/ids.lua")
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  return wrk.format("GET", "/users/" .. ids[math.random(#ids)])
end
