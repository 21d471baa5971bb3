# Local time under TZ, printed the same way by wasipy and native python (python_compat.rs).
import datetime, os, time, zoneinfo
print('TZ', os.environ.get('TZ'), time.tzname, time.timezone, time.altzone, time.daylight)
# Around the 2024 DST changes of the northern and southern hemispheres.
for ts in (1710053999, 1710054000, 1730613599, 1730613600, 1712415600, 1728144000, 1700000000):
    t = time.localtime(ts)
    print(ts, tuple(t), t.tm_zone, t.tm_gmtoff, time.strftime('%Y-%m-%d %H:%M:%S %Z %z', t), time.mktime(t))
    print('  ', datetime.datetime.fromtimestamp(ts).astimezone().isoformat(), datetime.datetime.fromtimestamp(ts).astimezone().tzname())
print(time.mktime((2024, 7, 1, 12, 0, 0, 0, 0, -1)), time.mktime((2024, 1, 15, 8, 30, 0, 0, 0, 0)))
print(time.ctime(1700000000), time.asctime(time.localtime(0)))
os.environ['TZ'] = 'Asia/Kathmandu'
time.tzset()
print('after tzset', time.tzname, time.timezone, time.localtime(1700000000).tm_hour, time.strftime('%Z', time.localtime(1700000000)))
tokyo = zoneinfo.ZoneInfo('Asia/Tokyo')
print(datetime.datetime(2024, 1, 1, tzinfo=tokyo).utcoffset(), datetime.datetime(2024, 3, 31, 2, 30, tzinfo=zoneinfo.ZoneInfo('Europe/Paris')).utcoffset())
