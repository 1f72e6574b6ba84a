-- GET /users/{id} over a hot set of ids (bench/out/ids.lua, written by bench/run.sh).
local ids = dofile("bench/out/ids.lua")

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  return wrk.format("GET", "/users/" .. ids[math.random(#ids)])
end
