-- wrk script: POST one Iris instance to the prediction endpoint (bench/load.sh passes the URL).
-- PREDICT_METHOD overrides the method (GET lets the script's mechanics be tried on /actuator/health);
-- API_KEY, when set, is sent as X-API-Key (needed only with backprop.security.protect-predictions=true).
wrk.method = os.getenv("PREDICT_METHOD") or "POST"
if wrk.method ~= "GET" then
  wrk.body = '{"instances":[{"Sepal.Length":5.1,"Sepal.Width":3.5,"Petal.Length":1.4,"Petal.Width":0.2}]}'
  wrk.headers["Content-Type"] = "application/json"
end
wrk.headers["Accept"] = "application/json"
local key = os.getenv("API_KEY")
if key and key ~= "" then
  wrk.headers["X-API-Key"] = key
end

done = dofile("bench/wrk-report.lua").done
