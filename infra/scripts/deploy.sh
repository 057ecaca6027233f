#!/usr/bin/env bash
# azd postprovision hook (also runnable alone to redeploy code): publish the isolated-worker app, zip it
# (zip keeps the apphost's execute bit), upload it to the package blob with your Entra login (the account has no
# keys), and restart the app so it mounts the new package.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${AZURE_STORAGE_ACCOUNT_NAME:?run through azd, or export the azd environment (azd env get-values)}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish functions/ExpoMatch.Functions -c Release -o "$out/app"
(cd "$out/app" && zip -qr "$out/expomatch.zip" .)
# A fresh role assignment takes minutes to reach the data plane: retry the upload until it is accepted.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if az storage blob upload --auth-mode login --overwrite --only-show-errors \
      --account-name "$AZURE_STORAGE_ACCOUNT_NAME" --container-name "$AZURE_DEPLOYMENT_CONTAINER" \
      --name "$AZURE_DEPLOYMENT_BLOB" --file "$out/expomatch.zip"; then
    break
  fi
  [ "$attempt" = 10 ] && { echo "upload refused: check Storage Blob Data Contributor for your account" >&2; exit 1; }
  echo "upload refused (role assignment still propagating?), retrying in 30 s" >&2
  sleep 30
done
az functionapp restart --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME"
echo "Deployed: $AZURE_FUNCTION_APP_URL/api/health"
