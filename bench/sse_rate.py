"""Live progress of a default training job, as a client sees it over Server-Sent Events (issue 9).

Uploads 200 000 rows of a noisy 3-class problem in 8 features (the rows of
LiveJobsEndToEndTests.noisyRows, drawn here with Python's random), submits a job with the defaults
(early stopping on), follows /api/v1/training-jobs/{id}/events to its "done" event and prints how
many progress events came, over how long, and the epochs they reported; then deletes what it made.
It only ever talks to 127.0.0.1.

Usage: python3 bench/sse_rate.py   (env PORT [8080]; a service must be running there)
"""
import os
import random, math, json, time, urllib.request
random.seed(11)
rows=["a,b,c,d,e,f,g,h,kind"]
kinds=["low","mid","high"]
for i in range(200000):
    x=[random.random()*2-1 for _ in range(8)]
    score=math.sin(3*x[0])+x[1]*x[2]-x[3]*x[3]+0.5*x[4]+random.gauss(0,0.4)
    rows.append(",".join("%.4f"%v for v in x)+","+kinds[0 if score<-0.4 else 1 if score<0.4 else 2])
body=("\n".join(rows)+"\n").encode()
B="http://127.0.0.1:%s" % os.environ.get("PORT", "8080")
r=urllib.request.Request(B+"/api/v1/datasets?name=noisy",data=body,method="POST",headers={"Content-Type":"text/csv"})
ds=json.load(urllib.request.urlopen(r))["id"]
r=urllib.request.Request(B+"/api/v1/training-jobs",data=json.dumps({"datasetId":ds,"modelName":"noisy"}).encode(),method="POST",headers={"Content-Type":"application/json"})
job=json.load(urllib.request.urlopen(r))
t0=time.perf_counter(); times=[]; epochs=[]
with urllib.request.urlopen(B+f"/api/v1/training-jobs/{job['id']}/events") as s:
    ev=None
    for raw in s:
        line=raw.decode().rstrip("\r\n")
        if line.startswith("event:"): ev=line[6:]
        elif line.startswith("data:"):
            d=json.loads(line[5:]); times.append(time.perf_counter()-t0); epochs.append((ev,(d.get("progress") or {}).get("epoch"),d["status"]))
prog=[t for t,(e,_,_) in zip(times,epochs) if e=="progress"]
print("events:",len(times),"progress:",len(prog),"span %.2f s"%(times[-1]-times[0]), "rate %.2f/s"%(len(prog)/(times[-1]-times[0]) if times[-1]>times[0] else 0))
print("epochs reported:",[e for _,e,_ in epochs])
print("last:",epochs[-1], "durationMillis", d.get("durationMillis"))
model = d.get("modelId")
if model:
    urllib.request.urlopen(urllib.request.Request(B + f"/api/v1/models/{model}", method="DELETE"))
urllib.request.urlopen(urllib.request.Request(B + f"/api/v1/datasets/{ds}", method="DELETE"))
