-- wrk script: GET the trivial endpoint (bench/load.sh passes the URL), the baseline for /predict.
wrk.headers["Accept"] = "application/json"
done = dofile("bench/wrk-report.lua").done
