mod durations;
mod remote;
mod secret_flows;
mod secrets;
mod simulate;
mod sitemap;
mod slow_servers;
