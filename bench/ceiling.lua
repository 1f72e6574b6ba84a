-- GET /bench/ceiling: a route that does no work; the HTTP stack's ceiling on this machine.
function request()
  return wrk.format("GET", "/bench/ceiling")
end
