// Subscribing to the digest: subscribe, confirmSubscription, unsubscribe (filled in next).
export {};
